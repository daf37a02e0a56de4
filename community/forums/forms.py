from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField, ModelMultipleChoiceField
from chm.local_contexts import Access
from taxonomy.forms import ClassificationFieldsForm, WrittenInFormMixin
from taxonomy.models import LocalContextsLabel

from .mentions import mention_problems
from .models import Ban, Category, Flag, Frequency, Reaction

BODY_MAX = 20_000
POST_HELP = _(
    "Markdown is allowed: *emphasis*, **bold**, [links](https://example.org), > quotes. "
    "To mention a member, write @ and their name as shown on the site, in brackets: "
    "@[First Last]; or @First when only one member you can see has that first name; or @ and "
    "their username. They are notified if they can see this discussion; a mention that names "
    "nobody is pointed out before you post."
)


def _clean_text(value, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class PostForm(WrittenInFormMixin, forms.Form):
    """A post's text. With ``author``, its mentions are checked: one that names nobody,
    several members, or someone who cannot see the discussion (``can_see(user)``) stops the
    post with a warning until the member corrects it or ticks "post anyway"; a preview
    (``preview=True``) shows the warnings without stopping anything."""

    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=POST_HELP,
        error_messages={"required": _("Please write a message.")},
    )
    written_in_after = "body"
    post_anyway = forms.BooleanField(
        label=_("Post anyway: these mentions stay plain text and notify nobody"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, author=None, can_see=None, preview=False, mention_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.author, self.can_see, self.preview = author, can_see, preview
        self.mention_problems = []
        if mention_url:
            # The reply box's suggestions (forums/mentions.js) ask this address.
            self.fields["body"].widget.attrs["data-mention-url"] = mention_url

    def clean_body(self):
        body = _clean_text(self.cleaned_data.get("body"), _("Please write a message."))
        if self.author is not None:
            self.mention_problems = mention_problems(body, self.author, self.can_see)
        if self.mention_problems:
            self.fields["post_anyway"].widget = forms.CheckboxInput()
        return body

    def clean(self):
        data = super().clean()
        if self.mention_problems and not self.preview and not data.get("post_anyway"):
            self.add_error("body", [ValidationError(p) for p in self.mention_problems])
        return data


class ThreadForm(ClassificationFieldsForm, PostForm):
    """A new thread. Its author may name the indigenous people or local community it comes
    from or is about, add Local Contexts labels and set the access rule; a community-only rule
    needs one of the author's own groups as the community (``chm.local_contexts``)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the thread a title.")},
    )
    community_name = forms.CharField(
        label=_("Contributing community (optional)"),
        required=False,
        max_length=200,
        help_text=_("The indigenous people or local community this is contributed by or about."),
    )
    community_group = ModelChoiceField(
        label=_("Community group"),
        queryset=None,
        required=False,
        help_text=_("One of your groups, whose members speak for the community."),
    )
    community_access = forms.ChoiceField(
        label=_("Who may see this discussion, as the community decides"),
        choices=Access.choices,
        initial=Access.PUBLIC,
        required=False,  # left out: public, as before threads had a rule
        widget=forms.RadioSelect,
    )
    local_contexts_labels = ModelMultipleChoiceField(
        label=_("Local Contexts labels"),
        queryset=LocalContextsLabel.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Traditional Knowledge and Biocultural labels the community applies."),
    )

    field_order = [
        "title",
        "body",
        "post_anyway",
        "language",
        "targets",
        "countries",
        "thematic_areas",
        "community_name",
        "community_group",
        "community_access",
        "local_contexts_labels",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        author = self.author
        self.fields["community_group"].queryset = (
            author.groups.order_by("name") if author is not None else Group.objects.none()
        )

    def clean_title(self):
        return _clean_text(self.cleaned_data.get("title"), _("Please give the thread a title."))

    def clean(self):
        data = super().clean()
        if data.get("community_access") == Access.COMMUNITY and not data.get("community_group"):
            self.add_error(
                "community_group",
                _("Choose the community's group: only its members will see the discussion."),
            )
        return data

    def consent(self):
        """The community fields, as ``services.start_thread`` takes them."""
        data = self.cleaned_data
        return {
            "community_name": data.get("community_name", "").strip(),
            "community_group": data.get("community_group"),
            "community_access": data.get("community_access") or Access.PUBLIC,
            "labels": list(data.get("local_contexts_labels") or []),
        }


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


class MentionSuggestionForm(forms.Form):
    q = forms.CharField(max_length=80, required=False)
    thread = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    category = forms.CharField(max_length=120, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)
