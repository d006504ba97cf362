"""Recordings live in S3; we hand out short-lived presigned GET URLs, never the bucket."""

import logging
from functools import cache

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def _s3_client(endpoint_url: str | None, region: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
        config=Config(signature_version="s3v4"),
    )


def s3_client():
    return _s3_client(settings.AWS_S3_ENDPOINT_URL, settings.AWS_REGION)


def presigned_recording_url(s3_key: str) -> str | None:
    """A GET URL for the recording, valid RECORDING_URL_TTL seconds; None without a recording.

    Signing is local computation: no request reaches S3 here.
    """
    if not s3_key:
        return None
    return s3_client().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.RECORDINGS_BUCKET, "Key": s3_key},
        ExpiresIn=settings.RECORDING_URL_TTL,
    )


def signed_recording_url(interview) -> str | None:
    """The interview's presigned recording URL, or None when there is no recording or it cannot be
    signed.

    Signing fails when S3 credentials are missing (the local default): the status and the score
    must still reach the ATS, and the report page must still show, so that is logged, not raised.
    """
    try:
        return presigned_recording_url(interview.recording_s3_key)
    except (BotoCoreError, ClientError):
        logger.exception("Cannot sign the recording URL of interview %s", interview.public_id)
        return None
