from django.urls import path

from accounts import access_views, views

urlpatterns = [
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("login/set-up-code/", views.two_factor_set_up, name="two_factor_set_up"),
    path("password/set/<uidb64>/<token>/", access_views.SetPasswordFromLinkView.as_view(), name="password_set"),
    path("access/changes/", access_views.access_changes, name="access_changes"),
    path("access/changes/<int:pk>/approve/", access_views.approve_change, name="access_change_approve"),
    path("access/changes/<int:pk>/reject/", access_views.reject_change, name="access_change_reject"),
    path("access/changes/<int:pk>/withdraw/", access_views.withdraw_change, name="access_change_withdraw"),
    path("access/people/<int:pk>/", access_views.propose_access, name="access_propose"),
    path("access/people/<int:pk>/password/", access_views.reset_password, name="access_password"),
    path("access/people/<int:pk>/authenticator/", access_views.remove_authenticator, name="access_authenticator"),
]
