from django.urls import path

from accounts import views

urlpatterns = [
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("login/set-up-code/", views.two_factor_set_up, name="two_factor_set_up"),
]
