"""Delivery channels and the notification queue.

``TRANSPORTS`` maps a channel to the function that delivers one Notification: e-mail through
Django's mail (SMTP settings from the environment), the in-app inbox (stored rows, nothing to
send), and a generic webhook (a JSON POST in the text-message shape 钉钉 and 企业微信 robots
accept). Rows are claimed by a conditional UPDATE before delivery (Healthchecks' pattern), so
two ``duban remind`` processes never deliver one row twice; failures are kept with the error and
retried up to ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import json
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from duban.supervision.choices import Channel, DeliveryStatus
from duban.supervision.models import Notification

MAX_ATTEMPTS = 3
WEBHOOK_TIMEOUT = 10


def render_message(name: str, context: dict) -> tuple[str, str]:
    """(subject, body) from ``messages/<name>-subject.txt`` and ``-body.txt``."""
    subject = render_to_string(f"messages/{name}-subject.txt", context)
    body = render_to_string(f"messages/{name}-body.txt", context)
    return " ".join(subject.split())[:200], body.strip() + "\n"


def send_email(notification: Notification) -> None:
    """Send one mail. Once the server has accepted it the row is sent: an error while saying
    goodbye (QUIT) must not mark it failed, or the next run would deliver it a second time."""
    message = EmailMessage(
        notification.subject,
        notification.body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.address],
    )
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        if not connection.send_messages([message]):
            raise OSError("邮件服务器未接收")
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001  (the message was already accepted)
            pass


def send_inbox(notification: Notification) -> None:
    """The inbox is the stored row itself: delivery only marks it sent."""


def webhook_payload(notification: Notification) -> dict:
    return {
        "msgtype": "text",
        "text": {"content": f"{notification.subject}\n{notification.body}"},
        "duban": {
            "subject": notification.subject,
            "unit": str(notification.unit) if notification.unit_id else None,
            "link": notification.link,
            "key": notification.key,
        },
    }


def send_webhook(notification: Notification) -> None:
    data = json.dumps(webhook_payload(notification), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        notification.address,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


TRANSPORTS = {
    Channel.EMAIL: send_email,
    Channel.INBOX: send_inbox,
    Channel.WEBHOOK: send_webhook,
}


def claim(notification: Notification) -> bool:
    """Take the row for delivery unless another sender has (conditional UPDATE)."""
    claimable = Q(status=DeliveryStatus.PENDING) | Q(
        status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    updated = Notification.objects.filter(claimable, pk=notification.pk).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
    )
    return updated == 1


def deliver(notification: Notification) -> bool:
    """Deliver one claimed row and record the result; True when sent."""
    try:
        TRANSPORTS[notification.channel](notification)
    except Exception as exc:  # any transport failure is recorded, never raised to the caller
        Notification.objects.filter(pk=notification.pk).update(
            status=DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    Notification.objects.filter(pk=notification.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return True


def deliver_pending() -> dict[str, int]:
    """Deliver every pending row (and retry failed ones); counts of sent and failed."""
    return deliver_rows(Notification.objects.all())


def deliver_rows(rows) -> dict[str, int]:
    """Deliver the pending (or failed, retriable) rows among ``rows``; counts of each result."""
    counts = {"sent": 0, "failed": 0}
    queue = rows.filter(
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    ).order_by("pk")
    for notification in queue:
        if claim(notification):
            counts["sent" if deliver(notification) else "failed"] += 1
    return counts


def unread_count(user) -> int:
    """The number of unread inbox messages of ``user``."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        user=user, channel=Channel.INBOX, read_at__isnull=True
    ).count()


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's inbox messages (all, or the given ids) read; returns how many."""
    rows = Notification.objects.filter(user=user, channel=Channel.INBOX, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())
