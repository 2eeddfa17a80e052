from django.urls import path

from . import views

app_name = "duplicates"

urlpatterns = [
    path("", views.pair_list, name="pair_list"),
    path("<int:pk>/", views.pair_detail, name="pair_detail"),
    path("<int:pk>/resolve", views.pair_resolve, name="pair_resolve"),
    path("<int:pk>/merge-cluster", views.cluster_merge, name="cluster_merge"),
    path("merges/", views.merge_list, name="merge_list"),
    path("merges/<int:pk>/", views.merge_detail, name="merge_detail"),
    path("merges/<int:pk>/undo", views.merge_undo, name="merge_undo"),
]
