from django.urls import path

from kaketoe.accounts import (
    activation_views,
    grant_views,
    org_views,
    recovery_views,
    reset_views,
    token_views,
    views,
)

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_password, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("logout/everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("password/", views.password_change, name="password"),
    path("tokens/", token_views.api_tokens, name="api_tokens"),
    path("language/", views.set_language, name="set_language"),
    path("password/reset/", reset_views.request_reset, name="password_reset"),
    path("password/reset/sent/", reset_views.reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        reset_views.choose_password,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", reset_views.reset_done, name="password_reset_done"),
    path("organisation/", org_views.organisation, name="organisation"),
    path("organisation/<int:pk>/unlock/", org_views.unlock, name="unlock"),
    path("organisation/settings/", org_views.settings_page, name="organisation_settings"),
    path("organisation/<int:pk>/", org_views.member, name="member"),
    path("organisation/<int:pk>/deactivate/", org_views.deactivate, name="deactivate"),
    path("organisation/<int:pk>/reactivate/", org_views.reactivate, name="reactivate"),
    path(
        "organisation/<int:pk>/authenticator/",
        org_views.reset_authenticator,
        name="reset_authenticator",
    ),
    path("organisation/<int:pk>/link/", org_views.send_link, name="send_link"),
    path("grants/", grant_views.grants, name="grants"),
    path("grants/<int:grant_pk>/", grant_views.decide, name="grant_decide"),
    path("recovery-codes/", recovery_views.recovery_codes, name="recovery_codes"),
    path("activate/<uidb64>/<token>/", activation_views.activate, name="activate"),
]
