from django.urls import path

from records import views_accounts

app_name = "accounts"

urlpatterns = [
    path("apply/", views_accounts.apply, name="apply"),
    path("apply/done/", views_accounts.done, name="done"),
    path("password/<uidb64>/<token>/", views_accounts.SetPasswordView.as_view(), name="set_password"),
    path("password/done/", views_accounts.PasswordSetDoneView.as_view(), name="password_set"),
]
