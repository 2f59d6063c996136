from django.urls import path

from kaketoe.accounts import org_views, reset_views, token_views, views

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
]
