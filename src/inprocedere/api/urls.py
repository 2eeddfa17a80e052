"""The JSON API at /api/v1/: the directory, the case work of the pages, the caller's account.

See docs/api.md for tokens, examples, pagination and errors.
"""

from ninja import Swagger

from . import errors
from .auth import API_AUTH
from .base import JsonNinjaAPI
from .routers import (
    account,
    cases,
    consents,
    directory,
    directory_writes,  # noqa: F401 - adds the directory's writes to directory.router
    imports,
    inbox,
    participants,
    reports,
    rights,
)

api = JsonNinjaAPI(
    title="InProcedere API",
    version="1",
    description=(
        "InProcedere as JSON: the network directory and the case work. Authenticate with a "
        "personal API token (`Authorization: Bearer <token>`, created with `inprocedere "
        "token create`) or, on this page, with your signed-in session. Error messages follow "
        "`Accept-Language` (de, en). Lists are paginated with `page` and `page_size`."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    # No call to the public validator service: the page must work offline and the
    # schema's address stays here.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
api.add_router("", directory.router)
api.add_router("", account.router)
api.add_router("", cases.router)
api.add_router("", "inprocedere.api.routers.case_plan.router")
api.add_router("", participants.router)
api.add_router("", "inprocedere.api.routers.identity.router")
api.add_router("", consents.router)
api.add_router("", reports.router)
api.add_router("", rights.router)
api.add_router("", "inprocedere.api.routers.retention.router")
api.add_router("", imports.router)
api.add_router("", "inprocedere.api.routers.duplicates.router")
api.add_router("", inbox.router)
api.add_router("", "inprocedere.api.routers.cooperation.router")
