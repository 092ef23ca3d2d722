"""The shared image renditions: what was transparent in the upload is white in the JPEG
versions (JPEG has no transparency) and stays transparent in the WebP ones."""

import io

from PIL import Image

from parvis.core.renditions import render


def test_a_transparent_image_turns_white_in_jpeg_and_stays_transparent_in_webp():
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))  # transparent black, as logos often are
    logo.paste((200, 30, 30, 255), (100, 50, 300, 150))
    upload = io.BytesIO()
    logo.save(upload, "PNG")

    rendered = render(upload.getvalue(), widths=(320,), original=True)

    with Image.open(io.BytesIO(rendered.files[(320, "jpg")])) as jpeg:
        assert jpeg.mode == "RGB"
        assert all(channel > 245 for channel in jpeg.getpixel((5, 5)))  # a corner: white
        red, green, blue = jpeg.getpixel((160, 80))  # the middle: still red
        assert red > 180 and green < 60 and blue < 60
    with Image.open(io.BytesIO(rendered.original)) as original:
        assert all(channel > 245 for channel in original.convert("RGB").getpixel((5, 5)))
    with Image.open(io.BytesIO(rendered.files[(320, "webp")])) as webp:
        assert webp.mode == "RGBA" and webp.getpixel((5, 5))[3] == 0
