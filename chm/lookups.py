"""``__in`` lookups that tolerate integers the database cannot store.

Django turns ``pk=<huge number>`` into an empty result (``IntegerFieldOverflow``), but not
``pk__in=[<huge number>]``: SQLite raises ``OverflowError`` ("Python int too large to convert
to SQLite INTEGER") when binding it. Every ``ModelMultipleChoiceField`` validates its choices
with such a query, so a hand-edited filter in a Wagtail admin listing
(``/admin/users/?group=99999999999999999999999``) was a server error instead of a form error.
A number outside the column's range cannot match any row, so it is left out of the ``IN`` list
(an empty list matches nothing, as Django already does for ``__in=[]``).
"""

from django.db.models import ForeignObject, IntegerField, ManyToManyField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class InRangeMixin:
    def _integer_range(self, connection):
        field = self.lhs.output_field
        try:
            field = getattr(field, "target_field", field)  # a foreign key compares as its target
            return connection.ops.integer_field_range(field.get_internal_type())
        except Exception:  # not an integer column (uuid, text, composite keys)
            return None

    def process_rhs(self, compiler, connection):
        limits = self.rhs_is_direct_value() and self._integer_range(connection)
        if limits:
            low, high = limits
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


class IntegerIn(InRangeMixin, In):
    pass


class RelatedIntegerIn(InRangeMixin, RelatedIn):
    pass


def register():
    IntegerField.register_lookup(IntegerIn)
    ManyToManyField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
