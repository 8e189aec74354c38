"""Property tests for the validators every request goes through."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inboxhub.errors import ValidationFailed
from inboxhub.sessions.schemas import SessionCreate
from inboxhub.ssrf import BlockedTarget, check_address, parse_url


@given(st.text(max_size=300))
def test_parse_url_accepts_only_http_urls_with_a_host(url):
    try:
        host, port = parse_url(url)
    except ValidationFailed as exc:
        assert exc.field == "url"
        return
    assert url.strip().lower().startswith(("http://", "https://"))
    assert host and 0 < port < 65536


@given(st.ip_addresses())
def test_private_and_special_addresses_are_blocked_unless_allowed(ip):
    special = (
        ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip == ipaddress.ip_address("255.255.255.255")
    )
    private = ip.is_loopback or ip.is_private
    try:
        check_address(str(ip), allow_private=False)
        open_without_flag = True
    except BlockedTarget:
        open_without_flag = False
    if special or private:
        assert not open_without_flag
    try:
        check_address(str(ip), allow_private=True)
        open_with_flag = True
    except BlockedTarget:
        open_with_flag = False
    if special and not ip.is_loopback:
        assert not open_with_flag
    if open_without_flag:
        assert open_with_flag


@pytest.mark.parametrize(
    "metadata", ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "::ffff:169.254.169.254"]
)
def test_cloud_metadata_is_never_reachable(metadata):
    with pytest.raises(BlockedTarget):
        check_address(metadata, allow_private=True)


@given(st.text(min_size=1, max_size=40))
def test_phone_numbers_are_normalized_to_digits_or_refused(raw):
    try:
        body = SessionCreate.model_validate({"phoneNumber": raw})
    except ValueError:
        return
    assert body.phone_number is None or (
        body.phone_number.isdigit() and 6 <= len(body.phone_number) <= 15
    )
