"""Keystone as openstacksdk uses it: conn.authorize(), conn.identity.get_token(), the session's
access (project, roles, expiry), the project and user look-ups, a token validated and revoked
through the identity endpoint, and a revoked token refused. Arguments: the tenant's token cloud,
its password cloud, the admin's cloud.
"""
import openstack

from sdkcheck import connect, error, run, step


def main(out, token_cloud, password_cloud, admin_cloud):
    conn = connect(password_cloud)
    by_token = connect(token_cloud)
    admin = connect(admin_cloud)

    step("authorize")
    token = conn.authorize()
    out["token_is_keystones"] = token == conn.identity.get_token()
    out["same_project"] = conn.current_project_id == by_token.current_project_id
    access = conn.session.auth.get_access(conn.session)
    out["access"] = {"project_id": access.project_id == conn.current_project_id,
                     "roles": sorted(access.role_names), "expires": access.expires is not None,
                     "catalog": sorted({e["type"] for e in access.service_catalog.catalog})}

    step("the other ways clouds.yaml files name the same credential")
    auth = conn.config.config["auth"]
    unversioned = auth["auth_url"].rstrip("/").rsplit("/v3", 1)[0]
    variants = {
        "unversioned_auth_url": dict(auth_type="password", identity_api_version="3", auth=dict(
            auth, auth_url=unversioned)),
        "v3password_domain_ids": dict(auth_type="v3password", auth={
            "auth_url": auth["auth_url"], "username": auth["username"], "password": auth["password"],
            "project_name": auth["project_name"], "user_domain_id": "default", "project_domain_id": "default"}),
        "token_by_project_name": dict(auth_type="v3token", auth={
            "auth_url": unversioned, "token": auth["password"], "project_name": auth["project_name"],
            "project_domain_name": "Default"}),
    }
    out["variants"] = {name: openstack.connect(**kwargs).current_project_id == conn.current_project_id
                       for name, kwargs in variants.items()}

    step("projects and users")
    out["project"] = conn.identity.get_project(conn.current_project_id).name
    out["user"] = conn.identity.get_user(conn.current_user_id).name
    out["projects"] = [p.name for p in conn.identity.projects()]
    out["admin_projects"] = sorted(p.name for p in admin.identity.projects())

    step("validate, revoke, refuse")
    other = by_token.authorize()
    checked = conn.identity.get("/auth/tokens", headers={"X-Subject-Token": other})
    out["validated"] = {"status": checked.status_code,
                        "project": checked.json()["token"]["project"]["id"] == conn.current_project_id}
    auth_url = conn.session.auth.auth_url
    reused = openstack.connect(auth_type="token", auth={"auth_url": auth_url, "token": other,
                                                         "project_id": conn.current_project_id})
    out["token_works"] = isinstance(list(reused.network.networks()), list)
    out["revoked"] = conn.identity.delete("/auth/tokens", headers={"X-Subject-Token": other}).status_code
    refused = openstack.connect(auth_type="token", auth={"auth_url": auth_url, "token": other,
                                                          "project_id": conn.current_project_id})
    out["revoked_refused"] = error(refused.authorize)
    out["revoked_validation"] = conn.identity.get("/auth/tokens", headers={"X-Subject-Token": other},
                                                  raise_exc=False).status_code
    wrong = openstack.connect(auth_type="password", auth={
        "auth_url": auth_url, "username": "acme", "password": "not-a-token", "project_name": "acme",
        "user_domain_name": "Default", "project_domain_name": "Default"})
    out["wrong_password"] = error(wrong.authorize)


run(main)
