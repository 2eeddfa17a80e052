"""The consent form's texts, per language: a catalogue in code, not in the gettext files.

The form is printed in the person's language, whatever the language of the staff
member's screen, so its texts cannot follow the request's language. Each language says
whether a native speaker has reviewed it: unreviewed translations are marked on the
printed form ("Translation not yet reviewed") and in `docs/consent.md`.

Texts may use `{organisation}` (the organisation handing out the form) and `{date}`.
Changing a text means a new `FORM_VERSION`: the version is printed on the form and
recorded with the consent, so it stays provable what the person signed.
"""

from __future__ import annotations

from dataclasses import dataclass

FORM_VERSION = "2026-1"


@dataclass(frozen=True)
class FormLanguage:
    code: str
    name: str  # in the language itself
    direction: str  # "ltr" or "rtl"
    reviewed: bool  # has a native speaker reviewed the texts?
    texts: dict[str, str]
    categories: dict[str, str]  # privacy.categories.Category value -> label
    purposes: dict[str, str]  # privacy.models.Purpose value -> label

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


# Printed on forms whose translation is not reviewed, for the staff handing them out.
NOT_REVIEWED_NOTE = (
    "Übersetzung noch nicht muttersprachlich geprüft · Translation not yet reviewed "
    "by a native speaker"
)

TEXT_KEYS = (
    "title",
    "person",
    "name",
    "birth_date",
    "consent",
    "recipients",
    "recipients_blank",
    "categories",
    "purposes",
    "validity",
    "valid_until",
    "valid_blank",
    "special",
    "esf",
    "voluntary_heading",
    "voluntary",
    "withdraw_heading",
    "withdraw",
    "rights_heading",
    "rights",
    "signature_heading",
    "place_date",
    "signature",
    "received",
    "form",
)

GERMAN = FormLanguage(
    code="de",
    name="Deutsch",
    direction="ltr",
    reviewed=True,
    texts={
        "title": "Einwilligung in die Übermittlung personenbezogener Daten",
        "person": "Angaben zur Person",
        "name": "Name",
        "birth_date": "Geburtsdatum",
        "consent": (
            "Ich willige ein, dass die unten angekreuzten Angaben über mich von der Stelle "
            "„{organisation}“ an die unten genannten Stellen übermittelt werden und dass "
            "diese Stellen die Angaben zu den angekreuzten Zwecken verarbeiten."
        ),
        "recipients": "Empfangende Stellen",
        "recipients_blank": "(bitte eintragen)",
        "categories": "Angaben (Datenkategorien)",
        "purposes": "Zwecke",
        "validity": "Gültigkeit",
        "valid_until": "Diese Einwilligung gilt bis zum {date}, wenn Sie sie nicht vorher "
        "widerrufen.",
        "valid_blank": "Diese Einwilligung gilt bis zum:",
        "special": (
            "Gesundheitsdaten und Angaben zu einer Behinderung werden nur übermittelt, wenn "
            "sie oben angekreuzt sind; dafür ist Ihre Unterschrift auf diesem Formular nötig."
        ),
        "esf": (
            "ESF-Monitoring: Das Projekt wird aus dem Europäischen Sozialfonds Plus (ESF+) "
            "gefördert. Wenn Sie dem Zweck „ESF-Monitoring“ zustimmen, werden Angaben zu "
            "Ihrer Person für die vorgeschriebenen Berichte an die Förderstellen verwendet; "
            "veröffentlicht werden nur zusammengefasste Zahlen, keine Namen."
        ),
        "voluntary_heading": "Freiwilligkeit und Folgen einer Ablehnung",
        "voluntary": (
            "Ihre Einwilligung ist freiwillig. Wenn Sie nicht einwilligen, entstehen Ihnen "
            "keine Nachteile bei Leistungen, auf die Sie einen Anspruch haben. Ohne Ihre "
            "Einwilligung dürfen wir die Angaben aber nicht weitergeben: Die genannten Stellen "
            "erfahren dann nur, was Sie ihnen selbst sagen, und eine Vermittlung oder eine "
            "gemeinsame Fallbesprechung über uns ist nicht möglich. Ohne Einwilligung in das "
            "ESF-Monitoring kann Ihre Teilnahme nicht als gefördert gezählt werden."
        ),
        "withdraw_heading": "Widerruf",
        "withdraw": (
            "Sie können diese Einwilligung jederzeit ganz oder teilweise widerrufen, ohne "
            "Gründe zu nennen: mündlich, schriftlich oder per E-Mail bei der Stelle "
            "„{organisation}“ oder bei einer der empfangenden Stellen. Der Widerruf gilt ab "
            "dann: Danach geben wir "
            "keine Angaben mehr weiter, und die Stellen dürfen sie für diese Zwecke nicht "
            "mehr verwenden. Was vor dem Widerruf weitergegeben wurde, bleibt rechtmäßig."
        ),
        "rights_heading": "Ihre Rechte",
        "rights": (
            "Sie haben das Recht auf Auskunft über Ihre gespeicherten Daten, auf Berichtigung "
            "und auf Löschung, soweit keine Aufbewahrungspflicht besteht, sowie das Recht auf "
            "Beschwerde bei einer Datenschutz-Aufsichtsbehörde."
        ),
        "signature_heading": "Unterschrift",
        "place_date": "Ort, Datum",
        "signature": (
            "Unterschrift der Person (bei Personen unter 15 Jahren: der gesetzlichen Vertretung)"
        ),
        "received": "Entgegengenommen von (Stelle, Name)",
        "form": "Formular",
    },
    categories={
        "identity": "Identität (Name, Geburtsdatum und -ort, Staatsangehörigkeit)",
        "contact": "Kontaktdaten (Anschrift, Telefon, E-Mail)",
        "residence": "Aufenthalt und rechtlicher Status",
        "benefits": "Sozialleistungen",
        "education_work": "Bildung und Arbeit",
        "counselling": "Beratungsnotizen",
        "special": "Besondere Kategorie: Gesundheit, Behinderung",
    },
    purposes={
        "referral": "Vermittlung an eine andere Stelle",
        "case_conference": "Gemeinsame Fallbesprechung",
        "placement": "Vermittlung in Arbeit oder Ausbildung",
        "counselling": "Gemeinsame Beratung",
        "esf_monitoring": "ESF-Monitoring",
    },
)

ENGLISH = FormLanguage(
    code="en",
    name="English",
    direction="ltr",
    reviewed=True,
    texts={
        "title": "Consent to the transfer of personal data",
        "person": "About the person",
        "name": "Name",
        "birth_date": "Date of birth",
        "consent": (
            "I consent to {organisation} passing the information about me ticked below to "
            "the organisations named below, and to these organisations processing it for the "
            "purposes ticked below."
        ),
        "recipients": "Receiving organisations",
        "recipients_blank": "(please fill in)",
        "categories": "Information (data categories)",
        "purposes": "Purposes",
        "validity": "Validity",
        "valid_until": "This consent is valid until {date} unless you withdraw it earlier.",
        "valid_blank": "This consent is valid until:",
        "special": (
            "Health information and information about a disability are passed on only if "
            "ticked above; this requires your signature on this form."
        ),
        "esf": (
            "ESF monitoring: the project is funded by the European Social Fund Plus (ESF+). "
            "If you agree to the purpose “ESF monitoring”, information about you is used for "
            "the reports the funders require; only totals are published, never names."
        ),
        "voluntary_heading": "Your consent is voluntary: what happens if you refuse",
        "voluntary": (
            "Your consent is voluntary. If you do not consent, you lose nothing of the "
            "benefits you are entitled to. Without your consent, however, we may not pass "
            "the information on: the organisations named will only know what you tell them "
            "yourself, and we cannot refer you or discuss your case with them together. "
            "Without consent to ESF monitoring your participation cannot be counted as funded."
        ),
        "withdraw_heading": "Withdrawing your consent",
        "withdraw": (
            "You can withdraw this consent, in full or in part, at any time and without "
            "giving reasons: orally, in writing or by e-mail, at {organisation} or at any of "
            "the receiving organisations. The withdrawal applies from then on: we pass on "
            "nothing further, and the organisations may no longer use the information for "
            "these purposes. What was passed on before the withdrawal remains lawful."
        ),
        "rights_heading": "Your rights",
        "rights": (
            "You have the right to know what data about you is stored, to have it corrected, "
            "and to have it erased unless the law requires us to keep it, and the right to "
            "complain to a data-protection supervisory authority."
        ),
        "signature_heading": "Signature",
        "place_date": "Place, date",
        "signature": "Signature of the person (under 15: of the legal representative)",
        "received": "Received by (organisation, name)",
        "form": "Form",
    },
    categories={
        "identity": "Identity (name, date and place of birth, citizenship)",
        "contact": "Contact details (address, phone, e-mail)",
        "residence": "Residence and legal status",
        "benefits": "Social benefits",
        "education_work": "Education and work",
        "counselling": "Counselling notes",
        "special": "Special category: health, disability",
    },
    purposes={
        "referral": "Referral to another organisation",
        "case_conference": "Joint case conference",
        "placement": "Placement into work or training",
        "counselling": "Joint counselling",
        "esf_monitoring": "ESF monitoring",
    },
)

ARABIC = FormLanguage(
    code="ar",
    name="العربية",
    direction="rtl",
    reviewed=False,  # needs review by a native speaker
    texts={
        "title": "الموافقة على نقل البيانات الشخصية",
        "person": "بيانات الشخص",
        "name": "الاسم",
        "birth_date": "تاريخ الميلاد",
        "consent": (
            "أوافق على أن تقوم {organisation} بنقل البيانات المؤشَّر عليها أدناه عنّي إلى "
            "الجهات المذكورة أدناه، وعلى أن تعالج هذه الجهات تلك البيانات للأغراض المؤشَّر "
            "عليها."
        ),
        "recipients": "الجهات المستلِمة",
        "recipients_blank": "(يُرجى الإدخال)",
        "categories": "البيانات (فئات البيانات)",
        "purposes": "الأغراض",
        "validity": "مدة الصلاحية",
        "valid_until": "تسري هذه الموافقة حتى {date}، ما لم تسحبها قبل ذلك.",
        "valid_blank": "تسري هذه الموافقة حتى:",
        "special": (
            "لا تُنقل البيانات الصحية والمعلومات المتعلقة بالإعاقة إلا إذا تم التأشير عليها "
            "أعلاه؛ ويتطلب ذلك توقيعك على هذا النموذج."
        ),
        "esf": (
            "رصد الصندوق الاجتماعي الأوروبي: يُموَّل هذا المشروع من الصندوق الاجتماعي "
            "الأوروبي بلس (ESF+). إذا وافقت على غرض «رصد الصندوق الاجتماعي الأوروبي»، "
            "تُستخدم بيانات عنك في التقارير الإلزامية المقدَّمة إلى جهات التمويل؛ ولا تُنشر "
            "إلا أرقام مجمَّعة، دون أسماء."
        ),
        "voluntary_heading": "الطابع الطوعي وعواقب الرفض",
        "voluntary": (
            "موافقتك طوعية. إذا لم توافق، فلن يلحق بك أي ضرر فيما يخص الإعانات التي يحق لك "
            "الحصول عليها. لكن من دون موافقتك لا يجوز لنا نقل البيانات: لن تعرف الجهات "
            "المذكورة إلا ما تخبرها به أنت بنفسك، ولن يكون بالإمكان إحالتك أو مناقشة حالتك "
            "معها في اجتماع مشترك عن طريقنا. ومن دون الموافقة على رصد الصندوق الاجتماعي "
            "الأوروبي لا يمكن احتساب مشاركتك مشاركةً مموَّلة."
        ),
        "withdraw_heading": "سحب الموافقة",
        "withdraw": (
            "يمكنك سحب هذه الموافقة كليًا أو جزئيًا في أي وقت دون ذكر الأسباب: شفهيًا أو "
            "كتابيًا أو بالبريد الإلكتروني لدى {organisation} أو لدى إحدى الجهات المستلِمة. "
            "يسري السحب من تاريخه: بعد ذلك لن ننقل أي بيانات، ولا يجوز للجهات استخدامها "
            "لهذه الأغراض. أما ما تم نقله قبل السحب فيبقى مشروعًا."
        ),
        "rights_heading": "حقوقك",
        "rights": (
            "لك الحق في الاطلاع على بياناتك المخزَّنة، وفي تصحيحها، وفي حذفها ما لم يكن هناك "
            "التزام قانوني بالاحتفاظ بها، وكذلك الحق في تقديم شكوى إلى هيئة رقابية لحماية "
            "البيانات."
        ),
        "signature_heading": "التوقيع",
        "place_date": "المكان والتاريخ",
        "signature": "توقيع الشخص (لمن هم دون 15 عامًا: توقيع الممثل القانوني)",
        "received": "استلمه (الجهة، الاسم)",
        "form": "النموذج",
    },
    categories={
        "identity": "الهوية (الاسم، تاريخ ومكان الميلاد، الجنسية)",
        "contact": "بيانات الاتصال (العنوان، الهاتف، البريد الإلكتروني)",
        "residence": "الإقامة والوضع القانوني",
        "benefits": "الإعانات الاجتماعية",
        "education_work": "التعليم والعمل",
        "counselling": "ملاحظات الاستشارة",
        "special": "فئة خاصة: الصحة، الإعاقة",
    },
    purposes={
        "referral": "الإحالة إلى جهة أخرى",
        "case_conference": "اجتماع مشترك لمناقشة الحالة",
        "placement": "التوظيف أو الإلحاق بالتدريب المهني",
        "counselling": "استشارة مشتركة",
        "esf_monitoring": "رصد الصندوق الاجتماعي الأوروبي (ESF)",
    },
)

PERSIAN = FormLanguage(
    code="fa",
    name="فارسی",
    direction="rtl",
    reviewed=False,  # needs review by a native speaker
    texts={
        "title": "رضایت‌نامه برای انتقال اطلاعات شخصی",
        "person": "مشخصات شخص",
        "name": "نام",
        "birth_date": "تاریخ تولد",
        "consent": (
            "من موافقت می‌کنم که {organisation} اطلاعات علامت‌خورده در زیر را درباره من به "
            "مراکز نام‌برده در زیر منتقل کند و این مراکز این اطلاعات را برای اهداف "
            "علامت‌خورده پردازش کنند."
        ),
        "recipients": "مراکز دریافت‌کننده",
        "recipients_blank": "(لطفاً وارد کنید)",
        "categories": "اطلاعات (دسته‌های داده)",
        "purposes": "اهداف",
        "validity": "مدت اعتبار",
        "valid_until": (
            "این رضایت‌نامه تا تاریخ {date} معتبر است، مگر اینکه پیش از آن آن را پس بگیرید."
        ),
        "valid_blank": "این رضایت‌نامه معتبر است تا:",
        "special": (
            "اطلاعات مربوط به سلامت و معلولیت فقط در صورتی منتقل می‌شوند که در بالا علامت "
            "خورده باشند؛ برای این کار امضای شما روی همین فرم لازم است."
        ),
        "esf": (
            "پایش صندوق اجتماعی اروپا: این پروژه از سوی صندوق اجتماعی اروپا پلاس (ESF+) "
            "تأمین مالی می‌شود. اگر با هدف «پایش صندوق اجتماعی اروپا» موافقت کنید، اطلاعاتی "
            "درباره شما در گزارش‌های الزامی به نهادهای تأمین‌کننده بودجه به کار می‌رود؛ فقط "
            "ارقام کلی و بدون نام منتشر می‌شوند."
        ),
        "voluntary_heading": "داوطلبانه بودن و پیامدهای عدم موافقت",
        "voluntary": (
            "رضایت شما داوطلبانه است. اگر موافقت نکنید، در مورد کمک‌هایی که حق دریافت آن‌ها "
            "را دارید هیچ زیانی متوجه شما نمی‌شود. اما بدون رضایت شما اجازه نداریم اطلاعات "
            "را منتقل کنیم: مراکز نام‌برده فقط آنچه را که خودتان به آن‌ها بگویید می‌دانند، و "
            "ارجاع یا جلسه مشترک درباره پرونده شما از طریق ما ممکن نیست. بدون رضایت برای "
            "پایش صندوق اجتماعی اروپا، مشارکت شما به‌عنوان مشارکت تأمین‌مالی‌شده شمرده "
            "نمی‌شود."
        ),
        "withdraw_heading": "پس گرفتن رضایت",
        "withdraw": (
            "شما می‌توانید این رضایت را هر زمان، به‌طور کامل یا بخشی از آن را، بدون ذکر دلیل "
            "پس بگیرید: به‌صورت شفاهی، کتبی یا با ایمیل نزد {organisation} یا نزد یکی از "
            "مراکز دریافت‌کننده. پس گرفتن رضایت از همان زمان اعتبار دارد: پس از آن هیچ "
            "اطلاعاتی منتقل نمی‌کنیم و این مراکز دیگر نمی‌توانند از آن برای این اهداف "
            "استفاده کنند. آنچه پیش از آن منتقل شده است قانونی باقی می‌ماند."
        ),
        "rights_heading": "حقوق شما",
        "rights": (
            "شما حق دارید از اطلاعات ذخیره‌شده خود آگاه شوید، اصلاح آن‌ها را بخواهید و در "
            "صورتی که الزام قانونی به نگهداری وجود نداشته باشد حذف آن‌ها را درخواست کنید؛ "
            "همچنین حق دارید نزد یک نهاد نظارت بر حفاظت از داده‌ها شکایت کنید."
        ),
        "signature_heading": "امضا",
        "place_date": "محل و تاریخ",
        "signature": "امضای شخص (برای افراد زیر ۱۵ سال: امضای نماینده قانونی)",
        "received": "دریافت‌کننده (مرکز، نام)",
        "form": "فرم",
    },
    categories={
        "identity": "هویت (نام، تاریخ و محل تولد، تابعیت)",
        "contact": "اطلاعات تماس (نشانی، تلفن، ایمیل)",
        "residence": "اقامت و وضعیت حقوقی",
        "benefits": "کمک‌های اجتماعی",
        "education_work": "تحصیل و کار",
        "counselling": "یادداشت‌های مشاوره",
        "special": "دسته ویژه: سلامت، معلولیت",
    },
    purposes={
        "referral": "ارجاع به مرکزی دیگر",
        "case_conference": "جلسه مشترک درباره پرونده",
        "placement": "کاریابی یا معرفی به دوره آموزش حرفه‌ای",
        "counselling": "مشاوره مشترک",
        "esf_monitoring": "پایش صندوق اجتماعی اروپا (ESF)",
    },
)

CATALOGUE: dict[str, FormLanguage] = {
    form.code: form for form in (GERMAN, ENGLISH, ARABIC, PERSIAN)
}
DEFAULT_LANGUAGE = "de"


def form_language(code: str) -> FormLanguage:
    """The catalogue entry for `code` (KeyError for a language without a form)."""
    return CATALOGUE[code]


def language_choices() -> list[tuple[str, str]]:
    """(code, own name) for forms; unreviewed translations say so."""
    from django.utils.translation import gettext as _

    return [
        (
            form.code,
            form.name
            if form.reviewed
            else _("%(language)s (translation not yet reviewed)") % {"language": form.name},
        )
        for form in CATALOGUE.values()
    ]


# --- the printed form -------------------------------------------------------------------


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def consent_form_html(
    *,
    participant,
    organisation,
    language: str,
    recipients=(),
    categories=(),
    purposes=(),
    valid_until=None,
) -> str:
    """The form as HTML for the PDF renderer: the person's name and birth date, the chosen
    recipients (blank lines if none), every category and purpose with the chosen ones
    ticked, the validity, and what refusing and withdrawing mean; in `language`, right to
    left for Arabic and Persian."""
    from django.template.loader import render_to_string

    form = form_language(language)
    values = {"organisation": organisation.name, "date": _date(valid_until)}
    texts = {key: text.format(**values) for key, text in form.texts.items()}
    chosen_categories, chosen_purposes = set(categories), set(purposes)
    context = {
        "form": form,
        "t": texts,
        "version": FORM_VERSION,
        "review_note": NOT_REVIEWED_NOTE,
        "organisation": organisation,
        "name": participant.full_name,
        "birth_date": str(participant.birth_date) if participant.birth_date else "",
        "recipients": list(recipients),
        "categories": [
            (label, code in chosen_categories) for code, label in form.categories.items()
        ],
        "purposes": [(label, code in chosen_purposes) for code, label in form.purposes.items()],
        "valid_until": valid_until,
    }
    return render_to_string("privacy/consent_form_pdf.html", context)


def consent_form_pdf(**kwargs) -> bytes:
    """The form as PDF (see `consent_form_html`)."""
    from inprocedere.network.exports.pdf import render_pdf

    return render_pdf(consent_form_html(**kwargs))
