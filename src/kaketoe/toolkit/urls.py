from django.urls import path

from kaketoe.toolkit import child_views, views

app_name = "toolkit"
CHILD = "families/<int:pk>/children/<int:child_pk>/toolkit/"
SESSION = CHILD + "sessions/<int:session_pk>/"
PLAY = SESSION + "play/"

urlpatterns = [
    # The professional
    path(CHILD, views.child_overview, name="child"),
    path(CHILD + "prepare/", views.prepare, name="prepare"),
    path(CHILD + "start/", views.start, name="start"),
    path(SESSION, views.session_record, name="session"),
    path(CHILD + "answers/<int:answer_pk>/plan/", views.answer_plan, name="answer_plan"),
    path(CHILD + "answers/<int:answer_pk>/sharing/", views.answer_sharing, name="answer_sharing"),
    path(CHILD + "answers/<int:answer_pk>/drawing.png", views.drawing, name="drawing"),
    path(CHILD + "farewell/", views.farewell, name="farewell"),
    path(CHILD + "farewell/agreement/", views.farewell_consent, name="farewell_consent"),
    path(CHILD + "booklet.pdf", views.booklet_pdf, name="booklet_pdf"),
    path(CHILD + "shared.pdf", views.shared_pdf, name="shared_pdf"),
    # The child (child mode)
    path(PLAY, child_views.home, name="child_home"),
    path(PLAY + "language/", child_views.language, name="child_language"),
    path(PLAY + "part/<str:part_code>/", child_views.part, name="child_part"),
    path(PLAY + "part/<str:part_code>/sticker/", child_views.sticker, name="child_sticker"),
    path(PLAY + "question/<str:question_code>/", child_views.question, name="child_question"),
    path(PLAY + "deck/<str:deck_code>/", child_views.deck, name="child_deck"),
    path(PLAY + "deck/<str:deck_code>/draw/", child_views.draw_card, name="child_draw_card"),
    path(PLAY + "card/<str:card_code>/", child_views.card, name="child_card"),
    path(PLAY + "my-plan/", child_views.plan, name="child_plan"),
    path(PLAY + "info/", child_views.info_booklet, name="child_info_booklet"),
    path(PLAY + "info/<str:page_code>/", child_views.info, name="child_info"),
    path(PLAY + "farewell/", child_views.farewell, name="child_farewell"),
    path(PLAY + "done/", child_views.unlock, name="child_unlock"),
    path(PLAY + "answers/<int:answer_pk>/drawing.png", child_views.drawing, name="child_drawing"),
    path(PLAY + "answers/<int:answer_pk>/share/", child_views.share, name="child_share"),
]
