"""The widget renderer of the public forms.

The public pages render with Jinja2, so their forms' widgets do too: one escaping for a
whole page (an apostrophe typed into the feedback form comes back as the page writes
it everywhere else). The admin keeps Django's renderer and its own widget templates.
"""

from django.forms.renderers import Jinja2

PUBLIC_WIDGETS = Jinja2()


class PublicFormMixin:
    default_renderer = PUBLIC_WIDGETS
