"""The answers every operation can give beside its own, written into the schema.

An operation's own responses name what its handler returns (200/201, 403, 404, 409). The
framework answers some more before or around the handler: a body that is no JSON (400),
one over `DATA_UPLOAD_MAX_MEMORY_SIZE` (413), a parameter or body that fails validation
(422), a request without valid credentials (401). A client must find all of them in the
schema (issue 16, item 10: schemathesis counted undocumented 400s and 422s).
"""

DETAIL = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
WHY = {
    "400": "The body is not valid JSON.",
    "401": "No, an unknown, expired or revoked token, or no signed-in session.",
    "413": "The body is larger than the server takes.",
    "422": "A parameter or a field of the body is invalid (`detail` lists them).",
}
METHODS = {"get", "post", "put", "patch", "delete"}


def _add(responses: dict, status: str) -> None:
    # ninja keys its own responses by int: "422" beside 422 would be a duplicate key in
    # the JSON, which Swagger UI's parser refuses (the docs page stayed blank).
    if status in responses or int(status) in responses:
        return
    responses[status] = {"description": WHY[status], "content": DETAIL}


def complete(schema: dict) -> dict:
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                _add(responses, "400")
                _add(responses, "413")
            if operation.get("parameters") or "requestBody" in operation:
                _add(responses, "422")
            if operation.get("security"):
                _add(responses, "401")
    return schema
