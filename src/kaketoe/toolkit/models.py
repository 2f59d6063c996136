"""A toolkit session with one child, what the child answered in it, and the stickers on the road.

The child's words are kept as the child wrote them. Drawings are PNG bytes in the database and
only leave it through a view that checks access (views.drawing, child_views.drawing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.models import Family, Person
from kaketoe.crypto import EncryptedTextField
from kaketoe.toolkit import rules


class Kit(models.TextChoices):
    BOOKLET = rules.BOOKLET, _("Booklet with roadmap (about 6-9 years)")
    CARDS = rules.CARDS, _("Conversation cards (about 10-12 years)")


class ChildLanguage(models.TextChoices):
    NL = "nl", "Nederlands"
    EN = "en", "English"
    AR = "ar", "العربية"
    HY = "hy", "Հայերեն"
    RU = "ru", "Русский"


class Preference(models.TextChoices):
    """The child's wish for a man or a woman to talk with, or as interpreter (handbook §13.8.7)."""

    EITHER = rules.NO_PREFERENCE, _("No preference")
    WOMAN = rules.PREFER_WOMAN, _("A woman")
    MAN = rules.PREFER_MAN, _("A man")


class ChildSession(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="toolkit_sessions")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="toolkit_sessions")
    kit = models.CharField(_("kit"), max_length=10, choices=Kit.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=ChildLanguage.choices, default=ChildLanguage.NL
    )
    catalogue_version = models.CharField(max_length=20)
    pin_hash = models.CharField(max_length=128, editable=False)
    pin_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    drawn_card = models.CharField(max_length=20, blank=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Before the session (the prepare page): which case facts the information pages may show
    # (rules.CASE_FACTS; nothing else of the case reaches child mode), who will meet the family
    # as the child may hear it, the child's wish for a man or a woman, and the parents informed.
    shown_facts = models.JSONField(_("facts the child may see"), default=list, blank=True)
    met_by = models.CharField(
        _("who will meet the family"),
        max_length=200,
        blank=True,
        help_text=_("As the child may hear it, for example 'your uncle Aram'."),
    )
    talk_with = models.CharField(
        _("the child would rather talk with"),
        max_length=6,
        choices=Preference.choices,
        blank=True,
    )
    interpreter_preference = models.CharField(
        _("the child would rather have as interpreter"),
        max_length=6,
        choices=Preference.choices,
        blank=True,
    )
    parents_informed_on = models.DateField(
        _("parents informed on"),
        null=True,
        blank=True,
        help_text=_("The date the parents were told how and when their child takes part."),
    )
    started_without_parents_informed = models.CharField(
        _("why the session started before the parents were informed"),
        max_length=500,
        blank=True,
    )
    # After return the partner organisation holds sessions limited to part D ("" = all parts).
    only_part = models.CharField(max_length=1, blank=True, editable=False)
    # After the session (recorded by the professional).
    present = models.CharField(
        _("who was present"),
        max_length=300,
        blank=True,
        help_text=_("For example 'mother, counsellor, Anna (volunteer)'."),
    )
    interpreter = models.CharField(
        _("interpreter"),
        max_length=200,
        blank=True,
        help_text=_("Language and who interpreted; leave empty if there was no interpreter."),
    )
    how_it_went = EncryptedTextField(_("how it went"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    BEFORE_FIELDS = (
        "shown_facts",
        "met_by",
        "talk_with",
        "interpreter_preference",
        "parents_informed_on",
        "started_without_parents_informed",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("toolkit session")
        verbose_name_plural = _("toolkit sessions")

    def __str__(self) -> str:
        return f"{self.child} {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("toolkit:session", kwargs=self.url_kwargs())

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def direction(self) -> str:
        return rules.direction(self.language)

    def url_kwargs(self) -> dict:
        return {"pk": self.family_id, "child_pk": self.child_id, "session_pk": self.pk}

    def child_url(self, name: str = "child_home", **extra) -> str:
        return reverse(f"toolkit:{name}", kwargs={**self.url_kwargs(), **extra})


class Sharing(models.TextChoices):
    """Who the child wants to see an answer (the rule: cases/access.may_see_answer)."""

    PRIVATE = rules.SHARE_PRIVATE, _("Just the child and the person who talked with the child")
    PARENTS = rules.SHARE_PARENTS, _("The child's parents too")
    TEAM = rules.SHARE_TEAM, _("The team around the family too")


class Answer(models.Model):
    """One answer of the child: a booklet task, a card question, or a wish on the plan page.

    `shared_with` is the child's own choice of who may see it; private until the child (or the
    adult, recording the child's choice) says otherwise."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Chosen answer")
        WORDS = "words", _("The child's words")
        DRAW = "draw", _("Drawing")
        FEELING = "feeling", _("Feeling face")
        WISH = "wish", _("Wish for the return plan")

    session = models.ForeignKey(ChildSession, on_delete=models.CASCADE, related_name="answers")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="toolkit_answers")
    question_code = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    words = EncryptedTextField(_("the child's words"), max_length=2000, blank=True)
    helper = models.CharField(_("who can help"), max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)
    drawing = models.BinaryField(null=True, blank=True, editable=False)
    language = models.CharField(max_length=2, choices=ChildLanguage.choices)
    for_return_plan = models.BooleanField(
        _("the child wants this in the return plan"), default=False
    )
    shared_with = models.CharField(
        _("who may see this"), max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("toolkit answer")
        verbose_name_plural = _("toolkit answers")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question_code"],
                condition=~models.Q(kind="wish"),
                name="one_answer_per_question_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_code}: {self.words[:40]}"

    @property
    def has_drawing(self) -> bool:
        return bool(self.drawing)


class Sticker(models.Model):
    """The child's sticker on a finished part of the roadmap (booklet)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="toolkit_stickers")
    session = models.ForeignKey(ChildSession, on_delete=models.CASCADE, related_name="stickers")
    part = models.CharField(max_length=1)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["part"]
        constraints = [
            models.UniqueConstraint(fields=["child", "part"], name="one_sticker_per_part")
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.part}"


class FarewellConsent(models.Model):
    """The parents agreed that farewell pages may hold contact details for this child.

    Without an agreement in force the contact field is neither shown nor accepted. Withdrawing
    erases the contact details already written (services.withdraw_farewell_consent)."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="farewell_consent")
    agreed_on = models.DateField(_("agreed on"))
    agreed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreed by (parent)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("parents' agreement to contact details on farewell pages")
        verbose_name_plural = _("parents' agreements to contact details on farewell pages")

    def __str__(self) -> str:
        return f"{self.child} {self.agreed_on}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class FarewellMessage(models.Model):
    """A farewell page for one child: a good memory, a wish and (only with the parents'
    agreement) contact details, from a friend, a teacher or another important grown-up.
    Written in child mode (session set) or entered by a professional on the child's behalf."""

    class Writer(models.TextChoices):
        FRIEND = "friend", _("Friend")
        TEACHER = "teacher", _("Teacher")
        ADULT = "adult", _("Other important adult")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="farewell_messages")
    session = models.ForeignKey(
        ChildSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="farewell_messages",
    )
    writer = models.CharField(_("who writes"), max_length=10, choices=Writer.choices)
    name = models.CharField(_("name of the writer"), max_length=120)
    memory = EncryptedTextField(_("a good memory"), max_length=2000, blank=True)
    wish = EncryptedTextField(_("a wish"), max_length=2000, blank=True)
    contact = models.CharField(_("contact details"), max_length=300, blank=True)
    language = models.CharField(max_length=2, choices=ChildLanguage.choices, default="nl")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("farewell page")
        verbose_name_plural = _("farewell pages")

    def __str__(self) -> str:
        return f"{self.name} → {self.child}"
