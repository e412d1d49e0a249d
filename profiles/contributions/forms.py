import re

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from config.core.forms import PublicFormMixin

from .models import CONTRIBUTED_FIELDS, SECTION_CHOICES, Feedback

MAX_FORM_AGE_SECONDS = 6 * 60 * 60
MAX_LINKS = 2
LINK_RE = re.compile(r"https?://|www\.", re.I)
_signer = signing.TimestampSigner(salt="feedback-form")


def issue_token() -> str:
    return _signer.sign("feedback")


class FeedbackForm(PublicFormMixin, forms.ModelForm):
    """The contribution form: the model's fields with the wording and limits readers see.

    Choice fields are declared so they carry no "---------" choice and their own
    messages; the rest come from the model (lengths, the 0-70 years constraint).
    """

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
    # Anti-abuse: a field people never see, and a signed time the form was shown.
    website = forms.CharField(required=False, label="Leave this field empty")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Feedback
        fields = CONTRIBUTED_FIELDS
        labels = {
            "proposed_value": "What should it say instead? (optional)",
            "works_in_career": "I work, or have worked, in this career",
            "years_experience": "Years of experience in it (optional)",
            "name": "Your name (optional)",
            "email": "Your e-mail (optional, never shown)",
            "consent_publish": "You may publish my experience note on this page (with my years of experience, without my e-mail)",
        }
        help_texts = {"email": ""}
        widgets = {"proposed_value": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "proposed_value": {
                "max_length": "Keep the proposed text under %(limit_value)d characters (you wrote %(show_value)d)."
            },
            "years_experience": {
                "invalid": "Enter your years of experience as a whole number, e.g. 7.",
                "min_value": "Years of experience cannot be negative.",
                "max_value": "Enter at most 70 years.",
            },
            "name": {"max_length": "Keep your name under %(limit_value)d characters."},
            "email": {
                "invalid": "Enter a valid e-mail address, like name@example.com, or leave it empty."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model bounds the years with a database constraint; the form says it first.
        years = self.fields["years_experience"]
        years.min_value, years.max_value = 0, 70
        years.widget.attrs.update(min=0, max=70)
        years.validators += [MinValueValidator(0), MaxValueValidator(70)]
        self.fields["proposed_value"].max_length = 1000
        self.fields["proposed_value"].validators.append(MaxLengthValidator(1000))
        self.fields["proposed_value"].widget.attrs["maxlength"] = 1000

    def clean(self):
        data = super().clean()
        text = f"{data.get('message', '')} {data.get('proposed_value', '')}"
        if len(LINK_RE.findall(text)) > MAX_LINKS:
            self.add_error("message", f"Please include at most {MAX_LINKS} links.")
        if data.get("years_experience") is not None:
            # Years "in it" say the person works, or worked, in the career: no need to
            # make them tick a box as well.
            data["works_in_career"] = True
        kind = data.get("kind")
        if data.get("consent_publish") and kind and kind != Feedback.EXPERIENCE:
            self.add_error(
                "consent_publish",
                "Only experience notes are published; untick this or choose \u201cExperience note\u201d.",
            )
        return data

    # Short names for the error summary (the labels are questions: "...about?: ..." read badly).
    SUMMARY_NAMES = {
        "kind": "Kind of contribution",
        "section": "Part of the page",
        "message": "Your message",
        "proposed_value": "What it should say",
        "works_in_career": "Working in this career",
        "years_experience": "Years of experience",
        "name": "Your name",
        "email": "Your e-mail",
        "consent_publish": "Publication",
    }

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, short name, message) for every field error, in the form's order."""
        return [
            # A radio group has no single label target: link its first choice.
            (
                bound.id_for_label or f"{bound.auto_id}_0",
                self.SUMMARY_NAMES.get(bound.name, bound.label),
                error,
            )
            for bound in self
            for error in bound.errors
        ]

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
        """The model fields, for services.submit (which writes; the form never saves)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
