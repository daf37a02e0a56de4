from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField
from taxonomy.forms import ClassificationFieldsForm

from .models import MARKDOWN_HELP, Ban, Category, Flag, Frequency, Reaction

BODY_MAX = 20_000


def _clean_text(value, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Please write a message.")},
    )

    def clean_body(self):
        return _clean_text(self.cleaned_data.get("body"), _("Please write a message."))


class ThreadForm(ClassificationFieldsForm, PostForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the thread a title.")},
    )

    field_order = ["title", "body", "targets", "countries", "thematic_areas"]

    def clean_title(self):
        return _clean_text(self.cleaned_data.get("title"), _("Please give the thread a title."))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should moderators look at this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else moderators should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How to tell you about new posts"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    unsubscribe = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ThreadModerationForm(forms.Form):
    ACTIONS = [
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
        ("lock", _("Lock")),
        ("unlock", _("Unlock")),
        ("hide", _("Hide")),
        ("unhide", _("Show again")),
        ("move", _("Move")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    category = ModelChoiceField(Category.objects.all(), required=False, label=_("Move to category"))

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("category"):
            self.add_error("category", _("Choose the category to move the thread to."))
        return data


class PostModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("hide", _("Hide")), ("dismiss", _("Dismiss flags"))]
    )


class BanForm(forms.ModelForm):
    days = forms.IntegerField(
        label=_("For how many days"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Leave empty for a permanent ban."),
    )

    class Meta:
        model = Ban
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"reason": {"required": _("Please give a reason.")}}

    def clean_reason(self):
        return _clean_text(self.cleaned_data.get("reason"), _("Please give a reason."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)
