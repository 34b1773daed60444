from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from safeguarding import views

admin.site.site_header = "Safeguarding activity: administration"
admin.site.site_title = "Safeguarding activity"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("activity.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
]
