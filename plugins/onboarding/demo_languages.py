"""Demo content in other languages: key words and the plain-Finnish, Ukrainian and Arabic
versions of the demo model's first steps, and two trainees who read Ukrainian and Arabic.

The later steps are left unwritten on purpose: the trainees see them in Finnish with a notice.
"""

from __future__ import annotations

from sqlalchemy import select

from plugins.onboarding import languages
from plugins.onboarding.models import OnboardingModel, OnboardingTranslation, OnboardingVersion
from portal.api import Client, Placement, Role, User, db

KEY_WORDS = {
    "s1": ["turvakengät", "huomioliivi", "hätäuloskäynti"],
    "s4": ["hyllynumero", "tuotekoodi", "lava"],
}

#: (title, description, task analysis, key words) of a step, by locale and step key.
STEPS = {
    "fi@selko": {
        "s1": (
            "Turvallisuus ja suojavarusteet",
            "Ohjaaja näyttää varaston. Ohjaaja näyttää, missä voit kävellä. "
            "Saat turvakengät, käsineet ja liivin.",
            ["Kävele turvallista reittiä työpisteelle", "Näytä ohjaajalle hätäuloskäynnit"],
            ["turvakengät", "huomioliivi", "hätäuloskäynti"],
        ),
        "s2": (
            "Tutustu työkavereihin",
            "Ohjaaja esittelee työkaverit. Yksi työkaveri auttaa sinua. "
            "Kuulet, milloin on tauko ja ruoka.",
            [],
            [],
        ),
        "s4": (
            "Kerää tuotteet listalta",
            "Harjoittelet keräämistä ohjaajan kanssa. Viikon lopussa keräät yksin helppoja "
            "tilauksia.",
            [
                "Lue hyllyn numero",
                "Etsi hylly ja katso tuotteen koodi",
                "Laske ja kuittaa",
                "Vie lava pakkaukseen",
            ],
            ["hyllynumero", "tuotekoodi", "lava"],
        ),
    },
    "uk": {
        "s1": (
            "Обхід з безпеки та захисне спорядження",
            "Керівник показує склад: проходи, рух навантажувачів, аварійні виходи, аптечку й "
            "вогнегасники. Ви отримуєте захисне взуття, рукавички та світловідбивний жилет.",
            [
                "Пройдіть безпечним маршрутом від входу до робочого місця",
                "Покажіть керівнику аварійні виходи",
            ],
            ["захисне взуття", "світловідбивний жилет", "аварійний вихід"],
        ),
        "s2": (
            "Знайомство з колегами",
            "Керівник знайомить вас із колегами й називає одного, кого можна питати. "
            "Ви дізнаєтеся про перерви, обід і кімнати відпочинку.",
            [],
            [],
        ),
        "s4": (
            "Комплектування за списком",
            "Ви вчитеся комплектувати замовлення крок за кроком поруч із керівником. "
            "Мета на кінець тижня: самостійно збирати прості замовлення.",
            [
                "Прочитайте місце на полиці у списку або на терміналі",
                "Знайдіть полицю й перевірте код товару",
                "Порахуйте кількість і підтвердіть",
                "Відвезіть палету чи коробку до місця пакування",
            ],
            ["номер полиці", "код товару", "палета"],
        ),
    },
    "ar": {
        "s1": (
            "جولة السلامة ومعدات الحماية",
            "يُريك المشرف المستودع: الممرات، وحركة الرافعات، ومخارج الطوارئ، ومعدات الإسعاف "
            "والإطفاء. تحصل على حذاء السلامة والقفازات والسترة العاكسة.",
            ["امشِ في الطريق الآمن من المدخل إلى مكان العمل", "أرِ المشرف مخارج الطوارئ"],
            ["حذاء السلامة", "السترة العاكسة", "مخرج الطوارئ"],
        ),
        "s4": (
            "تجميع الطلبات من القائمة",
            "تتعلم تجميع الطلبات خطوة بخطوة مع المشرف. الهدف في نهاية الأسبوع: تجميع الطلبات "
            "البسيطة وحدك.",
            [
                "اقرأ رقم الرف في القائمة",
                "ابحث عن الرف وتحقق من رمز المنتج",
                "عُدّ الكمية وأكّد",
                "خذ المنصة إلى مكان التغليف",
            ],
            ["رقم الرف", "رمز المنتج", "منصة"],
        ),
    },
}

#: The demo trainees who read a language of their own (one a running placement each).
READERS = (("nuori.uk@polku.test", "uk"), ("nuori.ar@polku.test", "ar"))


def add_key_words(content: dict) -> None:
    for step in content["steps"]:
        if step["key"] in KEY_WORDS:
            step["key_words"] = list(KEY_WORDS[step["key"]])


def load(model: OnboardingModel, agreed: OnboardingVersion, placements: list[Placement]) -> None:
    """Versions of the agreed model's steps, and accounts for two of its trainees."""
    for locale, steps in STEPS.items():
        for key, (title, description, parts, words) in steps.items():
            reference = languages.reference_of(agreed.content, key)
            db.session.add(
                OnboardingTranslation(
                    model_id=model.id,
                    item_key=key,
                    locale=locale,
                    title=title,
                    description=description,
                    task_analysis=parts,
                    key_words=words,
                    source_digest=languages.digest(reference),
                    updated_by_id=agreed.author_id,
                )
            )
    _readers(placements)


def _readers(placements: list[Placement]) -> None:
    """Sign-in accounts, reading Ukrainian and Arabic, for trainees who have none yet."""
    template = db.session.scalar(select(User).where(User.role == Role.CLIENT).limit(1))
    if template is None:
        return
    clients = db.session.scalars(
        select(Client)
        .where(Client.id.in_([p.client_id for p in placements]), Client.user_id.is_(None))
        .order_by(Client.id)
    ).all()
    for client, (email, locale) in zip(clients, READERS, strict=False):
        user = User(
            email=email,
            name=client.full_name,
            role=Role.CLIENT,
            password_hash=template.password_hash,
            active=True,
            locale=locale,
        )
        db.session.add(user)
        db.session.flush()
        client.user_id = user.id
