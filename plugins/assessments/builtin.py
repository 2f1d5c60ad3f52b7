"""The built-in forms: working-life skills (supervisor), the young person's self-assessment of
the same skills, and the end-of-placement assessment. Content in Finnish, Swedish and English."""

from __future__ import annotations

from portal.api import FormDefinition, FormField, FormSection


def t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


#: key, label, help, the five levels (1 = lowest), and how the young person says it of themselves.
SKILLS = [
    (
        "punctuality",
        t("Täsmällisyys ja läsnäolo", "Punktlighet och närvaro", "Punctuality and attendance"),
        [
            t(
                "Myöhästelee tai on poissa usein ilmoittamatta.",
                "Kommer ofta för sent eller är borta utan att meddela.",
                "Often late or absent without letting anyone know.",
            ),
            t(
                "Myöhästelee toistuvasti, mutta ilmoittaa yleensä.",
                "Kommer upprepade gånger för sent men meddelar oftast.",
                "Repeatedly late, but usually lets us know.",
            ),
            t(
                "Tulee yleensä ajoissa; poissaoloista ilmoitetaan.",
                "Kommer oftast i tid; frånvaro meddelas.",
                "Usually on time; absences are reported.",
            ),
            t(
                "Tulee aina ajoissa ja ilmoittaa poissaoloista etukäteen.",
                "Kommer alltid i tid och meddelar frånvaro i förväg.",
                "Always on time and reports absences in advance.",
            ),
            t(
                "Aina ajoissa ja valmiina työhön; joustaa tarvittaessa työajoissa.",
                "Alltid i tid och redo att börja; flexibel med arbetstider vid behov.",
                "Always on time and ready to start; flexible with hours when needed.",
            ),
        ],
        t(
            "Tulen ajoissa ja kerron, jos olen poissa.",
            "Jag kommer i tid och meddelar om jag är borta.",
            "I arrive on time and tell them if I am away.",
        ),
    ),
    (
        "safety",
        t("Työturvallisuus", "Arbetssäkerhet", "Safety at work"),
        [
            t(
                "Laiminlyö suojaimet tai turvaohjeet, vaikka niistä muistutetaan.",
                "Försummar skyddsutrustning eller säkerhetsanvisningar trots påminnelser.",
                "Neglects protective equipment or safety rules even when reminded.",
            ),
            t(
                "Noudattaa turvaohjeita vain muistutettaessa.",
                "Följer säkerhetsanvisningarna bara när hen blir påmind.",
                "Follows safety rules only when reminded.",
            ),
            t(
                "Noudattaa turvaohjeita ja käyttää suojaimia.",
                "Följer säkerhetsanvisningarna och använder skyddsutrustning.",
                "Follows safety rules and uses protective equipment.",
            ),
            t(
                "Toimii turvallisesti oma-aloitteisesti ja huomaa vaaratilanteet.",
                "Arbetar säkert på eget initiativ och märker riskfyllda situationer.",
                "Works safely on their own initiative and notices hazards.",
            ),
            t(
                "Ennakoi vaarat, ilmoittaa niistä ja ohjaa muitakin turvalliseen toimintaan.",
                "Förutser risker, rapporterar dem och leder också andra till säkert arbete.",
                "Anticipates and reports hazards and helps others work safely.",
            ),
        ],
        t(
            "Käytän suojaimia ja toimin turvallisesti.",
            "Jag använder skyddsutrustning och arbetar säkert.",
            "I use protective equipment and work safely.",
        ),
    ),
    (
        "instructions",
        t("Ohjeiden noudattaminen", "Att följa anvisningar", "Following instructions"),
        [
            t(
                "Ei noudata annettuja ohjeita.",
                "Följer inte givna anvisningar.",
                "Does not follow the instructions given.",
            ),
            t(
                "Tarvitsee ohjeet useaan kertaan ja valvontaa.",
                "Behöver anvisningarna flera gånger och övervakning.",
                "Needs instructions repeated and close supervision.",
            ),
            t(
                "Noudattaa ohjeita ja kysyy, jos ei ymmärrä.",
                "Följer anvisningar och frågar om hen inte förstår.",
                "Follows instructions and asks when unsure.",
            ),
            t(
                "Noudattaa ohjeita tarkasti ja muistaa ne seuraavalla kerralla.",
                "Följer anvisningar noggrant och minns dem nästa gång.",
                "Follows instructions carefully and remembers them next time.",
            ),
            t(
                "Soveltaa ohjeita itsenäisesti uusiin tilanteisiin.",
                "Tillämpar anvisningar självständigt i nya situationer.",
                "Applies instructions independently to new situations.",
            ),
        ],
        t(
            "Teen työt ohjeiden mukaan ja kysyn, jos en ymmärrä.",
            "Jag gör arbetet enligt anvisningarna och frågar om jag inte förstår.",
            "I work as instructed and ask when I do not understand.",
        ),
    ),
    (
        "cooperation",
        t("Yhteistyö", "Samarbete", "Cooperation"),
        [
            t(
                "Välttelee yhteistyötä tai aiheuttaa ristiriitoja.",
                "Undviker samarbete eller orsakar konflikter.",
                "Avoids working with others or causes conflicts.",
            ),
            t(
                "Tekee yhteistyötä, kun sitä pyydetään.",
                "Samarbetar när hen blir ombedd.",
                "Works with others when asked.",
            ),
            t(
                "Tulee toimeen työkavereiden kanssa ja auttaa pyydettäessä.",
                "Kommer överens med arbetskamraterna och hjälper till när hen blir ombedd.",
                "Gets on with colleagues and helps when asked.",
            ),
            t(
                "Tarjoaa apua ja kertoo työtilanteesta muille.",
                "Erbjuder hjälp och berättar för andra hur arbetet går.",
                "Offers help and keeps others informed.",
            ),
            t(
                "Vahvistaa työyhteisöä: auttaa, kannustaa ja ratkoo ristiriitoja rakentavasti.",
                "Stärker arbetsgemenskapen: hjälper, uppmuntrar och löser konflikter konstruktivt.",
                "Strengthens the team: helps, encourages and settles disagreements constructively.",
            ),
        ],
        t(
            "Tulen toimeen työkavereiden kanssa ja autan heitä.",
            "Jag kommer överens med arbetskamraterna och hjälper dem.",
            "I get on with my colleagues and help them.",
        ),
    ),
    (
        "initiative",
        t("Oma-aloitteisuus", "Initiativförmåga", "Initiative"),
        [
            t(
                "Odottaa aina, että hänelle kerrotaan mitä tehdä.",
                "Väntar alltid på att bli tillsagd vad hen ska göra.",
                "Always waits to be told what to do.",
            ),
            t(
                "Kysyy lisää tehtävää, kun hänelle muistutetaan.",
                "Frågar efter nya uppgifter när hen blir påmind.",
                "Asks for more work when reminded.",
            ),
            t(
                "Kysyy itse lisää tehtävää, kun edellinen on valmis.",
                "Frågar själv efter nya uppgifter när den förra är klar.",
                "Asks for more work when a task is done.",
            ),
            t(
                "Näkee itse, mitä pitää tehdä, ja tekee sen.",
                "Ser själv vad som behöver göras och gör det.",
                "Sees what needs doing and does it.",
            ),
            t(
                "Ehdottaa parannuksia ja ottaa vastuuta uusista tehtävistä.",
                "Föreslår förbättringar och tar ansvar för nya uppgifter.",
                "Suggests improvements and takes on new responsibilities.",
            ),
        ],
        t(
            "Kysyn lisää tehtäviä ja huomaan itse, mitä pitää tehdä.",
            "Jag frågar efter fler uppgifter och ser själv vad som behöver göras.",
            "I ask for more tasks and see for myself what needs doing.",
        ),
    ),
    (
        "customer_service",
        t("Asiakaspalvelu", "Kundservice", "Customer service"),
        [
            t(
                "Välttelee asiakkaita tai käyttäytyy epäkohteliaasti.",
                "Undviker kunder eller uppträder ohövligt.",
                "Avoids customers or is impolite.",
            ),
            t(
                "Palvelee asiakasta pyydettäessä, mutta tarvitsee tukea.",
                "Betjänar kunder när hen blir ombedd men behöver stöd.",
                "Serves customers when asked but needs support.",
            ),
            t(
                "Tervehtii ja palvelee asiakkaita kohteliaasti.",
                "Hälsar på och betjänar kunderna artigt.",
                "Greets and serves customers politely.",
            ),
            t(
                "Huomaa asiakkaan tarpeet ja palvelee oma-aloitteisesti.",
                "Märker kundens behov och betjänar på eget initiativ.",
                "Notices customers' needs and serves them unprompted.",
            ),
            t(
                "Hoitaa myös vaativat asiakastilanteet rauhallisesti ja ratkaisuhakuisesti.",
                "Sköter även krävande kundsituationer lugnt och lösningsinriktat.",
                "Handles difficult customer situations calmly and finds solutions.",
            ),
        ],
        t(
            "Palvelen asiakkaita ystävällisesti.",
            "Jag betjänar kunderna vänligt.",
            "I serve customers in a friendly way.",
        ),
    ),
    (
        "quality",
        t("Työn laatu", "Arbetets kvalitet", "Quality of work"),
        [
            t(
                "Työssä on toistuvasti virheitä, jotka pitää tehdä uudelleen.",
                "Arbetet har upprepade fel som måste göras om.",
                "Work repeatedly has errors that need redoing.",
            ),
            t(
                "Työ tulee tehdyksi, mutta siinä on virheitä tai se jää kesken.",
                "Arbetet blir gjort men har fel eller blir ofärdigt.",
                "Work gets done but has errors or is left unfinished.",
            ),
            t(
                "Työ täyttää vaatimukset, kun sitä tarkistetaan.",
                "Arbetet uppfyller kraven när det kontrolleras.",
                "Work meets the standard when checked.",
            ),
            t(
                "Työ on huolellista; tarkistaa itse oman työnsä.",
                "Arbetet är noggrant; kontrollerar själv sitt arbete.",
                "Careful work; checks their own work.",
            ),
            t(
                "Työ on tasaisen laadukasta ja sujuvaa myös kiireessä.",
                "Arbetet håller jämn kvalitet och löper smidigt även när det är bråttom.",
                "Consistently good, efficient work, even when busy.",
            ),
        ],
        t(
            "Teen työni huolellisesti ja tarkistan sen.",
            "Jag gör mitt arbete noggrant och kontrollerar det.",
            "I do my work carefully and check it.",
        ),
    ),
    (
        "learning",
        t("Uusien tehtävien oppiminen", "Att lära sig nya uppgifter", "Learning new tasks"),
        [
            t(
                "Ei opi uusia tehtäviä toistuvasta ohjauksesta huolimatta.",
                "Lär sig inte nya uppgifter trots upprepad handledning.",
                "Does not learn new tasks despite repeated guidance.",
            ),
            t(
                "Oppii uusia tehtäviä hitaasti ja tarvitsee paljon tukea.",
                "Lär sig nya uppgifter långsamt och behöver mycket stöd.",
                "Learns new tasks slowly and needs a lot of support.",
            ),
            t(
                "Oppii uudet tehtävät ohjauksella tavallisessa ajassa.",
                "Lär sig nya uppgifter med handledning på normal tid.",
                "Learns new tasks with guidance in the usual time.",
            ),
            t(
                "Oppii nopeasti ja kysyy tarkentavia kysymyksiä.",
                "Lär sig snabbt och ställer preciserande frågor.",
                "Learns quickly and asks clarifying questions.",
            ),
            t(
                "Oppii nopeasti ja opettaa jo muita.",
                "Lär sig snabbt och lär redan ut till andra.",
                "Learns quickly and already teaches others.",
            ),
        ],
        t("Opin uusia tehtäviä.", "Jag lär mig nya uppgifter.", "I learn new tasks."),
    ),
]

SELF_LEVELS = [
    t(
        "Tämä on minulle vielä vaikeaa",
        "Det här är ännu svårt för mig",
        "This is still hard for me",
    ),
    t("Onnistun joskus", "Jag lyckas ibland", "I manage sometimes"),
    t("Onnistun yleensä", "Jag lyckas oftast", "I usually manage"),
    t("Onnistun melkein aina", "Jag lyckas nästan alltid", "I almost always manage"),
    t(
        "Onnistun aina ja voin neuvoa muita",
        "Jag lyckas alltid och kan hjälpa andra",
        "I always manage and can help others",
    ),
]
CUSTOMER_HELP = t(
    "Jos työssä ei ole asiakkaita, ajattele asiakkaina työkavereita ja muita osastoja.",
    "Om arbetet inte har kunder, tänk på arbetskamrater och andra avdelningar som kunder.",
    "If the work has no customers, think of colleagues and other departments as customers.",
)
COMMENT = t(
    "Muuta kerrottavaa (vapaaehtoinen)",
    "Annat att berätta (frivilligt)",
    "Anything else (optional)",
)


def _levels(labels: list[dict[str, str]]) -> tuple:
    return tuple((str(i), label) for i, label in enumerate(labels, start=1))


def working_life_skills() -> FormDefinition:
    fields = tuple(
        FormField(
            key,
            "scale",
            label,
            CUSTOMER_HELP if key == "customer_service" else {},
            levels=_levels(levels),
            skill=key,
        )
        for key, label, levels, _self in SKILLS
    )
    return FormDefinition(
        key="working_life_skills",
        version="1",
        title=t("Työelämätaidot", "Arbetslivsfärdigheter", "Working-life skills"),
        help=t(
            "Valitse kustakin taidosta kuvaus, joka vastaa parhaiten viime viikkojen toimintaa.",
            "Välj för varje färdighet den beskrivning som bäst motsvarar de senaste veckorna.",
            "For each skill, choose the description that best matches the last few weeks.",
        ),
        sections=(
            FormSection("skills", t("Taidot", "Färdigheter", "Skills"), fields),
            FormSection(
                "notes",
                t("Lisätiedot", "Tillägg", "Notes"),
                (FormField("comment", "text", COMMENT, required=False),),
            ),
        ),
        filled_by="supervisor",
        due=("placement_start", "midway", "placement_end", "checkpoint"),
        order=10,
    )


def self_assessment() -> FormDefinition:
    fields = tuple(
        FormField(
            key,
            "scale",
            own,
            CUSTOMER_HELP if key == "customer_service" else {},
            levels=_levels(SELF_LEVELS),
            skill=key,
        )
        for key, _label, _levels_, own in SKILLS
    )
    return FormDefinition(
        key="self_assessment",
        version="1",
        title=t(
            "Oma arvioni työelämätaidoista",
            "Min egen bedömning av arbetslivsfärdigheter",
            "My own view of my working-life skills",
        ),
        help=t(
            "Ei oikeita eikä vääriä vastauksia. Valmentaja katsoo vastauksiasi kanssasi.",
            "Det finns inga rätta eller felaktiga svar. Coachen går igenom svaren med dig.",
            "There are no right or wrong answers. Your coach goes through them with you.",
        ),
        sections=(
            FormSection(
                "skills", t("Miten onnistun?", "Hur lyckas jag?", "How am I doing?"), fields
            ),
            FormSection(
                "notes",
                t("Omin sanoin", "Med egna ord", "In my own words"),
                (
                    FormField(
                        "proud",
                        "text",
                        t(
                            "Missä olen onnistunut?",
                            "Vad har jag lyckats med?",
                            "What have I done well?",
                        ),
                        required=False,
                    ),
                    FormField(
                        "learn",
                        "text",
                        t(
                            "Mitä haluan oppia seuraavaksi?",
                            "Vad vill jag lära mig härnäst?",
                            "What do I want to learn next?",
                        ),
                        required=False,
                    ),
                ),
            ),
        ),
        filled_by="client",
        due=("intake", "placement_start", "midway", "placement_end"),
        order=20,
    )


def end_of_placement() -> FormDefinition:
    overall = _levels(
        [
            t("Heikosti", "Svagt", "Poorly"),
            t("Välttävästi", "Försvarligt", "Passably"),
            t("Tyydyttävästi", "Nöjaktigt", "Satisfactorily"),
            t("Hyvin", "Bra", "Well"),
            t("Erinomaisesti", "Utmärkt", "Excellently"),
        ]
    )
    hire = (
        ("yes", t("Kyllä", "Ja", "Yes")),
        (
            "maybe",
            t(
                "Ehkä, kun osaaminen vahvistuu",
                "Kanske, när kunnandet stärks",
                "Maybe, once their skills grow",
            ),
        ),
        ("no", t("Ei", "Nej", "No")),
    )
    return FormDefinition(
        key="end_of_placement",
        version="1",
        title=t(
            "Työpaikkajakson loppuarvio",
            "Slutbedömning av arbetsplatsperioden",
            "End-of-placement assessment",
        ),
        help=t(
            "Arvionne auttaa nuorta seuraavaan työhön tai opiskelupaikkaan.",
            "Er bedömning hjälper den unga vidare till nästa jobb eller studieplats.",
            "Your view helps the young person on to their next job or study place.",
        ),
        sections=(
            FormSection(
                "summary",
                t("Jakso kokonaisuutena", "Perioden som helhet", "The placement as a whole"),
                (
                    FormField(
                        "overall",
                        "scale",
                        t(
                            "Miten jakso sujui kokonaisuutena?",
                            "Hur gick perioden som helhet?",
                            "How did the placement go overall?",
                        ),
                        levels=overall,
                    ),
                    FormField(
                        "would_hire",
                        "choice",
                        t(
                            "Palkkaisitteko tämän henkilön?",
                            "Skulle ni anställa den här personen?",
                            "Would you hire this person?",
                        ),
                        levels=hire,
                    ),
                    FormField(
                        "strengths",
                        "text",
                        t(
                            "Missä hän onnistui parhaiten?",
                            "Vad lyckades hen bäst med?",
                            "What did they do best?",
                        ),
                        required=False,
                    ),
                    FormField(
                        "learn_next",
                        "text",
                        t(
                            "Mitä hänen kannattaa oppia seuraavaksi?",
                            "Vad borde hen lära sig härnäst?",
                            "What should they learn next?",
                        ),
                    ),
                ),
            ),
            FormSection(
                "company",
                t(
                    "Yrityksenne ja yhteistyö",
                    "Ert företag och samarbetet",
                    "Your company and the cooperation",
                ),
                (
                    FormField(
                        "reference",
                        "yesno",
                        t(
                            "Voitteko toimia hänen suosittelijanaan?",
                            "Kan ni vara referens för hen?",
                            "Can you act as their referee?",
                        ),
                        required=False,
                    ),
                    FormField(
                        "more_trainees",
                        "yesno",
                        t(
                            "Otatteko jatkossakin valmennettavia?",
                            "Tar ni emot fler praktikanter framöver?",
                            "Will you take trainees again?",
                        ),
                    ),
                    FormField(
                        "feedback",
                        "text",
                        t(
                            "Palautetta valmentajalle ja projektille",
                            "Respons till coachen och projektet",
                            "Feedback for the coach and the project",
                        ),
                        required=False,
                    ),
                ),
            ),
        ),
        filled_by="supervisor",
        due=("placement_end",),
        order=30,
    )


def builtin_forms() -> list[FormDefinition]:
    return [working_life_skills(), self_assessment(), end_of_placement()]
