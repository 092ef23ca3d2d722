"""How every form is rendered: labelled fields, errors tied to their field, a summary; and
how a service's refusal lands on the form's fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class ParvisFormRenderer(TemplatesSetting):
    form_template_name = "parvis/forms/form.html"
    field_template_name = "parvis/forms/field.html"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`: each message next to the field it names,
    the others (and those of fields the form lacks) at the top."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
