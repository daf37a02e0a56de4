"""Helpers of the workspace tests: focal points, and a form's fields as a browser would post
them (read from the page, so a test changes only what a person would type)."""

from html.parser import HTMLParser

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from taxonomy.models import Country


def focal_point(code, **profile):
    """A member named national focal point for ``code``."""
    user = ProfileFactory(**profile).user
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=code))
    return user


class _FormReader(HTMLParser):
    """The values the page's main form posts: inputs (checked boxes only), selected options,
    textareas. Submit buttons are left out (the test names the one it presses)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []
        self.in_form = False
        self.in_main = False
        self.done = False
        self.select = None
        self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        is_post = attrs.get("method", "").lower() == "post"
        if tag == "form" and is_post and self.in_main and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = [name, None, "multiple" in attrs, False]
        elif tag == "option" and self.select is not None:
            if self.select[1] is None:
                self.select[1] = attrs.get("value", "")
            if "selected" in attrs:
                self.data.append((self.select[0], attrs.get("value", "")))
                self.select[3] = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True
        elif tag == "select" and self.select is not None:
            name, first, multiple, chosen = self.select
            if not multiple and not chosen and first is not None:
                self.data.append((name, first))  # as a browser posts a single select
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append((self.textarea, "".join(self.text).lstrip("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)


def form_data(html, **changes):
    """The main form's data as a dict (a list for repeated names), with ``changes`` applied
    (a list value sets every value of a multiple field)."""
    reader = _FormReader()
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        if name in data:
            data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
        else:
            data[name] = value
    for name, value in changes.items():
        data[name.replace("__", "-")] = value
    return data
