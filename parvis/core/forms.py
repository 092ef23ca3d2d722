"""How every form is rendered: labelled fields, errors tied to their field, a summary."""

from django.forms.renderers import TemplatesSetting


class ParvisFormRenderer(TemplatesSetting):
    form_template_name = "parvis/forms/form.html"
    field_template_name = "parvis/forms/field.html"
