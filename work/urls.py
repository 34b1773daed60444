from django.urls import path

from work import views

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team_work, name="team_work"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
]
