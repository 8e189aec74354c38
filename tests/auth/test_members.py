"""Members: invitations the user accepts, and ownership that only owners give or take."""

from __future__ import annotations

from tests.support import add_member
from tests.support.auth import bearer, login


async def _org(anon, admin) -> int:
    r = await anon.post("/api/organizations", json={"name": "Team"}, headers=admin)
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["organization"]["id"])


async def _token(anon, email: str, password: str) -> dict[str, str]:
    r = await login(anon, email, password)
    assert r.status_code == 200, r.text
    return bearer(r.json()["data"]["accessToken"])


async def test_adding_a_member_answers_the_same_whether_the_email_exists(anon):
    admin = bearer((await login(anon)).json()["data"]["accessToken"])
    first, second = await _org(anon, admin), await _org(anon, admin)
    await add_member(anon, first, "known@example.com", "known-password", headers=admin)

    known = await anon.post(
        f"/api/organizations/{second}/members", json={"email": "known@example.com"}, headers=admin
    )
    unknown = await anon.post(
        f"/api/organizations/{second}/members", json={"email": "ghost@example.com"}, headers=admin
    )
    assert known.status_code == unknown.status_code == 201
    assert known.json()["message"] == unknown.json()["message"]
    assert set(known.json()["data"]["invitation"]) == set(unknown.json()["data"]["invitation"])

    # Nobody joined: the existing user is not a member until they accept.
    members = (await anon.get(f"/api/organizations/{second}/members", headers=admin)).json()
    assert members["data"]["members"] == []

    user = await _token(anon, "known@example.com", "known-password")
    mine = (await anon.get("/api/auth/invitations", headers=user)).json()["data"]["invitations"]
    assert [i["organizationId"] for i in mine] == [second]
    # The token alone does not let someone else join, nor create the existing account.
    token = known.json()["data"]["invitation"]["token"]
    r = await anon.post(
        "/api/auth/invitations/accept", json={"token": token, "password": "stolen-password"}
    )
    assert r.status_code == 409
    r = await anon.post(f"/api/auth/invitations/{mine[0]['id']}/accept", headers=user)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["role"] == "member"
    members = (await anon.get(f"/api/organizations/{second}/members", headers=admin)).json()
    assert [m["email"] for m in members["data"]["members"]] == ["known@example.com"]
    # Used once.
    again = await anon.post(f"/api/auth/invitations/{mine[0]['id']}/accept", headers=user)
    assert again.status_code == 404


async def test_only_owners_give_or_take_ownership_and_one_owner_stays(anon):
    root = bearer((await login(anon)).json()["data"]["accessToken"])
    org = await _org(anon, root)
    owner_id = await add_member(
        anon, org, "owner@example.com", "owner-password", headers=root, role="owner"
    )
    owner = await _token(anon, "owner@example.com", "owner-password")
    admin_id = await add_member(
        anon, org, "org-admin@example.com", "admin-password", headers=owner, role="admin"
    )
    admin = await _token(anon, "org-admin@example.com", "admin-password")
    path = f"/api/organizations/{org}/members"

    # An admin may neither promote themselves, nor demote or remove an owner, nor invite one.
    for method, url, body in [
        ("PUT", f"{path}/{admin_id}", {"role": "owner"}),
        ("PUT", f"{path}/{owner_id}", {"role": "member"}),
        ("DELETE", f"{path}/{owner_id}", None),
        ("POST", path, {"email": "new-owner@example.com", "role": "owner"}),
    ]:
        r = await anon.request(method, url, json=body, headers=admin)
        assert r.status_code == 403, (method, url, r.text)
        assert r.json()["code"] == "FORBIDDEN"
    roles = {
        m["userId"]: m["role"]
        for m in (await anon.get(path, headers=owner)).json()["data"]["members"]
    }
    assert roles == {owner_id: "owner", admin_id: "admin"}

    # The last owner can be neither demoted nor removed, even by themselves.
    r = await anon.put(f"{path}/{owner_id}", json={"role": "admin"}, headers=owner)
    assert r.status_code == 409
    r = await anon.delete(f"{path}/{owner_id}", headers=owner)
    assert r.status_code == 409
    # An owner may promote an admin, and then step down.
    assert (await anon.put(f"{path}/{admin_id}", json={"role": "owner"}, headers=owner)).is_success
    assert (await anon.put(f"{path}/{owner_id}", json={"role": "admin"}, headers=owner)).is_success


async def test_invitation_tokens_are_checked(anon):
    r = await anon.post(
        "/api/auth/invitations/accept", json={"token": "ihi_nope", "password": "whatever-pass"}
    )
    assert r.status_code == 404
    assert r.json()["field"] == "token"
