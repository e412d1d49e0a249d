import re

from django import forms
from django.conf import settings
from django.core import signing

from .models import SECTION_CHOICES, Feedback

MAX_FORM_AGE_SECONDS = 6 * 60 * 60
MAX_LINKS = 2
LINK_RE = re.compile(r"https?://|www\.", re.I)
_signer = signing.TimestampSigner(salt="feedback-form")


def issue_token() -> str:
    return _signer.sign("feedback")


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label="What would you like to do?",
        choices=Feedback.KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of contribution this is."},
    )
    section = forms.ChoiceField(
        label="Which part of the page is it about?",
        choices=[("", "Choose a section"), *SECTION_CHOICES],
        error_messages={"required": "Choose the part of the page this is about."},
    )
    message = forms.CharField(
        label="Your message",
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Between 20 and 4,000 characters. Plain text; links are limited to two.",
        error_messages={
            "required": "Write a message: what is wrong, missing, or what the work is really like.",
            "min_length": "Please write at least %(limit_value)d characters (you wrote %(show_value)d) so a moderator can act on it.",
            "max_length": "Please keep it under %(limit_value)d characters (you wrote %(show_value)d).",
        },
    )
    proposed_value = forms.CharField(
        label="What should it say instead? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the proposed text under %(limit_value)d characters (you wrote %(show_value)d)."
        },
    )
    works_in_career = forms.BooleanField(
        label="I work, or have worked, in this career", required=False
    )
    years_experience = forms.IntegerField(
        label="Years of experience in it (optional)",
        required=False,
        min_value=0,
        max_value=70,
        error_messages={
            "invalid": "Enter your years of experience as a whole number, e.g. 7.",
            "min_value": "Years of experience cannot be negative.",
            "max_value": "Enter at most 70 years.",
        },
    )
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "Keep your name under %(limit_value)d characters."},
    )
    email = forms.EmailField(
        label="Your e-mail (optional, never shown)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter a valid e-mail address, like name@example.com, or leave it empty."
        },
    )
    consent_publish = forms.BooleanField(
        label="You may publish my experience note on this page (with my years of experience, without my e-mail)",
        required=False,
    )
    # Anti-abuse: a field people never see, and a signed time the form was shown.
    website = forms.CharField(required=False, label="Leave this field empty")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        text = f"{data.get('message', '')} {data.get('proposed_value', '')}"
        if len(LINK_RE.findall(text)) > MAX_LINKS:
            self.add_error("message", f"Please include at most {MAX_LINKS} links.")
        if data.get("years_experience") is not None and not data.get("works_in_career"):
            self.add_error(
                "works_in_career",
                "Tick this box if you are giving your years of experience in this career.",
            )
        if data.get("consent_publish") and data.get("kind") != Feedback.EXPERIENCE:
            self.add_error(
                "consent_publish",
                "Only experience notes are published; untick this or choose \u201cExperience note\u201d.",
            )
        return data

    def bot_problem(self) -> str | None:
        """Why this submission looks automated, or None. Checked after field validation."""
        if self.data.get("website"):
            return "The form included a field people never fill in, so it looked automated."
        token = self.data.get("token", "")
        try:
            _signer.unsign(token, max_age=MAX_FORM_AGE_SECONDS)
        except signing.SignatureExpired:
            return "The form was open for more than six hours. Please send it again."
        except signing.BadSignature:
            return "The form could not be verified. Please send it again."
        try:
            _signer.unsign(token, max_age=settings.FEEDBACK_MIN_FILL_SECONDS)
        except signing.SignatureExpired:
            return None  # older than the minimum fill time: a person's pace
        return "The form was sent faster than a person can fill it in. Please check it and send it again."

    def model_data(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "section": d["section"],
            "message": d["message"],
            "proposed_value": d.get("proposed_value", ""),
            "works_in_career": d.get("works_in_career", False),
            "years_experience": d.get("years_experience"),
            "name": d.get("name", ""),
            "email": d.get("email", ""),
            "consent_publish": d.get("consent_publish", False),
        }
