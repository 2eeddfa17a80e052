from ninja import NinjaAPI

api = NinjaAPI(title="InProcedere API", version="1", urls_namespace="api")
