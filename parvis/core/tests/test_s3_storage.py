"""Media on S3-compatible object storage, set by environment, against a real S3 endpoint.

The endpoint is moto's S3 server, started on loopback: it speaks the S3 protocol over HTTP,
so boto3 and django-storages run exactly as they would against Scaleway, OVH or MinIO.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from moto.server import ThreadedMotoServer

from parvis.core.tests.subprocesses import parvis_env, run_parvis

CREDENTIALS = {"S3_ACCESS_KEY_ID": "parvis-test", "S3_SECRET_ACCESS_KEY": "parvis-test-secret"}

SCRIPT = """
import json
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
public_name = default_storage.save("spaces/covers/plan.txt", ContentFile(b"public bytes"))
private_name = storages["private"].save("applications/cv.txt", ContentFile(b"private bytes"))
print(json.dumps({
    "public_name": public_name,
    "public_url": default_storage.url(public_name),
    "private_name": private_name,
    "private_url": storages["private"].url(private_name),
}))
"""


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="fr-par",
        aws_access_key_id=CREDENTIALS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = s3_client(endpoint)
    for bucket in ("parvis-public", "parvis-private"):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "fr-par"}
        )
    # What docs/configuration.md asks of the operator: anyone may read the public bucket.
    client.put_bucket_policy(
        Bucket="parvis-public",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::parvis-public/*",
                    }
                ],
            }
        ),
    )
    yield endpoint
    server.stop()


def s3_env(tmp_path, endpoint: str) -> dict[str, str]:
    return parvis_env(
        tmp_path,
        STORAGE_BACKEND="s3",
        S3_BUCKET="parvis-public",
        S3_PRIVATE_BUCKET="parvis-private",
        S3_ENDPOINT_URL=endpoint,
        S3_REGION="fr-par",
        **CREDENTIALS,
    )


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    client = s3_client(endpoint)
    listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listing
    }


def test_files_go_to_the_buckets_and_only_public_ones_get_a_plain_address(tmp_path, s3_endpoint):
    done = run_parvis("shell", "-c", SCRIPT, env=s3_env(tmp_path, s3_endpoint))
    assert done.returncode == 0, done.stderr
    saved = json.loads(done.stdout.strip().splitlines()[-1])

    assert objects(s3_endpoint, "parvis-public") == {saved["public_name"]: b"public bytes"}
    assert objects(s3_endpoint, "parvis-private") == {
        f"private/{saved['private_name']}": b"private bytes"
    }
    public = urlsplit(saved["public_url"])
    assert f"{public.scheme}://{public.netloc}" == s3_endpoint
    assert public.query == ""
    with urllib.request.urlopen(saved["public_url"], timeout=10) as response:
        assert response.read() == b"public bytes"

    private = urlsplit(saved["private_url"])
    query = parse_qs(private.query)
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["300"]
    with urllib.request.urlopen(saved["private_url"], timeout=10) as response:
        assert response.read() == b"private bytes"
    # Without the signature, the private file cannot be read.
    unsigned = f"{private.scheme}://{private.netloc}{private.path}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)
    assert refused.value.code == 403


def test_parvis_does_not_serve_media_itself_when_they_live_in_object_storage(tmp_path, s3_endpoint):
    script = "from django.conf import settings; print(settings.SERVE_MEDIA)"

    done = run_parvis("shell", "-c", script, env=s3_env(tmp_path, s3_endpoint))

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
