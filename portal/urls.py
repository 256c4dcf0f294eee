from django.urls import path
from django.views.generic import RedirectView

from portal import views
from portal.models import Article

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("policies/", views.article_list, {"kind": Article.Kind.POLICY}, name="policies"),
    path("news/", views.article_list, {"kind": Article.Kind.NEWS}, name="news"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("contact/", views.contact, name="contact"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("api/", views.api_guide, name="api-guide"),
    path("ping", views.ping, name="ping"),
    # The staff home page (工作台) is the admin index.
    path("staff/", RedirectView.as_view(pattern_name="admin:index"), name="staff"),
]
