from django.urls import path

from complaints.views import public, staff

app_name = "complaints"

urlpatterns = [
    path("", public.index, name="index"),
    path("new/", public.submit, name="submit"),
    path("receipt/<str:token>/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/<str:tracking_number>/", public.track_case, name="track_case"),
    path("track/<str:tracking_number>/evaluate/", public.evaluate, name="evaluate"),
    path("cases/", public.typical_list, name="typical_list"),
    path("cases/<int:pk>/", public.typical_detail, name="typical_detail"),
    path("subjects/", public.subject_lookup, name="subject_lookup"),
    path("staff/login/", staff.login, name="staff_login"),
    path("staff/logout/", staff.LogoutView.as_view(), name="staff_logout"),
    path("staff/", staff.case_list, name="staff_list"),
    path("staff/<int:pk>/", staff.case_detail, name="staff_detail"),
    path("staff/<int:pk>/act/", staff.case_act, name="staff_act"),
    path("staff/<int:pk>/forward/", staff.case_forward, name="staff_forward"),
    path("staff/<int:pk>/publish/", staff.case_publish, name="staff_publish"),
    path("staff/<int:pk>/files/<int:attachment_id>/", staff.attachment, name="staff_attachment"),
]
