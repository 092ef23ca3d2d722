"""The back office's forms of shows and episodes: the cover must be square, the audio is
checked by its content (`audio.check_audio`), a WebVTT transcript must be one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from parvis.podcasts.audio import check_audio
from parvis.podcasts.models import Episode, Show, TranscriptFormat
from parvis.podcasts.transcripts import check_vtt

#: Podcast directories ask for a square cover of 1400 to 3000 pixels.
MIN_COVER_SIDE = 1400


def _audio_help_now() -> str:
    return gettext("MP3, M4A (AAC) or Ogg (Vorbis or Opus), %(limit)s at most.") % {
        "limit": filesizeformat(settings.PODCAST_MAX_AUDIO)
    }


_audio_help = lazy(_audio_help_now, str)


class AudioFormField(forms.FileField):
    """A file field whose cleaned value is a `CheckedAudio`."""

    # Reading the headers is quick, but it depends only on the upload: done before the back
    # office's write transaction (`backoffice.guard`), as other file checks are.
    costly_to_python = True

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_audio(upload, max_bytes=settings.PODCAST_MAX_AUDIO)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ".mp3,.m4a,.ogg,.opus,audio/mpeg,audio/mp4,audio/ogg"
        return attrs


class ShowForm(forms.ModelForm):
    class Meta:
        model = Show
        fields = [
            "title",
            "slug",
            "description",
            "cover",
            "cover_alt",
            "author",
            "owner_name",
            "owner_email",
            "category",
            "explicit",
            "show_type",
            "language",
            "space",
            "is_published",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover"].required = True

    def clean_cover(self) -> Any:
        cover = self.cleaned_data.get("cover")
        if cover is None or "cover" not in self.changed_data:
            return cover
        cover.seek(0)
        with Image.open(cover) as image:
            width, height = image.size
        cover.seek(0)
        if width != height:
            raise ValidationError(
                _("The cover must be square; this one is %(width)s × %(height)s pixels."),
                code="not_square",
                params={"width": width, "height": height},
            )
        if width < MIN_COVER_SIDE:
            raise ValidationError(
                _("The cover must be at least %(min)s pixels wide; this one is %(width)s."),
                code="too_small",
                params={"min": MIN_COVER_SIDE, "width": width},
            )
        return cover

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cover") and not data.get("cover_alt"):
            self.add_error("cover_alt", _("Describe the cover for people who cannot see it."))
        return data


class EpisodeForm(forms.ModelForm):
    # Not the model's field: the checked upload is handed to the service, which stores it.
    audio = AudioFormField(label=_("audio file"), required=False, help_text=_audio_help())

    class Meta:
        model = Episode
        fields = [
            "show",
            "title",
            "slug",
            "description",
            "season",
            "number",
            "explicit",
            "transcript_format",
            "transcript",
            "published_at",
            "is_published",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("audio") is None and not (self.instance.pk and self.instance.audio)
        if missing and "audio" not in self.errors:
            self.add_error("audio", _("Choose the episode's audio file."))
        transcript = data.get("transcript") or ""
        if transcript and data.get("transcript_format") == TranscriptFormat.VTT:
            try:
                check_vtt(transcript)
            except ValidationError as error:
                self.add_error("transcript", error)
        return data
