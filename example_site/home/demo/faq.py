"""Demo data of the questions and procedures, loaded by ``load_demo``: 31 questions in 10 themes that parents ask
the mairie (inscription, dérogation, cantine and PAI, périscolaire, transports, santé, assurance, vacances, modes
de garde, tarifs), each saying who is responsible, imported from ``questions-saint-malo.csv`` by the package's
importer as a commune imports its own file; the page at /questions/; and /demarches/ with three guides
(inscription à l'école, dérogation de secteur, cantine et PAI), whose key dates are yearly (every 15 March...)
so that the demo never goes stale. Idempotent: a re-import updates the questions by their identifier, and the
pages are found again by their slug."""

from django.utils.html import escape
from wagtail.models import Page

from mon_enfant.faq.importers import import_faq
from mon_enfant.faq.models import Question
from mon_enfant.faq.pages import FaqPage, ProcedureGuidePage, ProcedureIndexPage
from mon_enfant.models import ResponsibleBody

QUESTIONS_FILE = "questions-saint-malo.csv"
GUICHET = "Guichet unique famille, Hôtel de ville, place Chateaubriand"
GUICHET_URL = "https://www.saint-malo.example/guichet-famille"


def yearly(label, kind, day, month):
    return ("key_date", {"label": label, "kind": kind, "date": None, "day": day, "month": month})


def step(title, text, place="", contact=None, link="", link_label=""):
    return ("step", {"title": title, "text": text, "place": place, "contact": contact, "link": link,
                     "link_label": link_label})


def documents(*texts):
    return [("document", text) for text in texts]


def page_link(home, slug, text):
    """A rich-text link to the demo page at /<slug>/ (a page link, which follows the page if it moves), or the
    text alone when that feature's page is not in the demo."""
    page = Page.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        return escape(text)
    return f'<a linktype="page" id="{page.pk}">{escape(text)}</a>'


def guides(home, commune):
    """The three guides: slug -> fields (title first)."""
    contact = commune.contacts.filter(is_primary=True).first() or commune.contacts.first()
    questions = {question.slug: question for question in Question.objects.filter(commune=commune)}

    def related(*slugs):
        return [("question", questions[slug]) for slug in slugs if slug in questions]

    school = page_link(home, "trouver-mon-ecole", "Trouver mon école")
    fees = page_link(home, "tarifs", "Quotient familial et tarifs")
    menus = page_link(home, "menus", "Menus de la cantine")
    return {
        "inscrire-mon-enfant-a-l-ecole": {
            "title": "Inscrire mon enfant à l'école",
            "search_description": "Première inscription en maternelle ou en élémentaire publique : les dates, les "
                                  "étapes et les pièces à fournir.",
            "summary": "<p>Pour une première inscription dans une école maternelle ou élémentaire publique de "
                       "Saint-Malo, ou après un déménagement : d'abord l'inscription à la mairie, qui vous remet "
                       "un certificat d'inscription, puis l'admission à l'école, par sa direction.</p>",
            "audience": "<p>Les familles qui habitent Saint-Malo et dont l'enfant entre en petite section (il a 3 "
                        "ans dans l'année), arrive d'une autre commune ou d'une école privée. Pour le collège, "
                        "c'est l'école de votre enfant qui vous guide : l'inscription relève de l'Éducation "
                        "nationale.</p>",
            "key_dates": [
                yearly("Ouverture des inscriptions pour la rentrée de septembre", "opening", 12, 1),
                yearly("Inscriptions à la mairie pour la rentrée", "deadline", 15, 3),
                yearly("Rendez-vous d'admission avec la direction de l'école", "deadline", 31, 5),
            ],
            "steps": [
                step("Trouvez l'école de votre secteur",
                     f"<p>Tapez votre adresse dans {school} : l'école publique de votre secteur dépend de votre "
                     "adresse. Si une autre école vous arrangerait mieux, demandez une dérogation de secteur en "
                     "même temps que l'inscription.</p>"),
                step("Rassemblez les pièces",
                     "<p>La liste est plus bas : cochez les pièces au fur et à mesure, ou imprimez-la. Apportez "
                     "les originaux : ils vous sont rendus aussitôt.</p>"),
                step("Inscrivez votre enfant à la mairie",
                     "<p>Au guichet unique famille, sur place ou en ligne, avant le 15 mars pour la rentrée de "
                     "septembre (toute l'année après un déménagement). Vous repartez avec le certificat "
                     "d'inscription, qui indique l'école de votre enfant.</p>",
                     place=GUICHET, contact=contact, link=GUICHET_URL,
                     link_label="Inscrire mon enfant en ligne (démonstration)"),
                step("Faites admettre votre enfant à l'école",
                     "<p>Prenez rendez-vous avec la direction de l'école indiquée sur le certificat, avant la fin "
                     "du mois de mai. Apportez le certificat d'inscription, le livret de famille et le carnet de "
                     "santé : la directrice ou le directeur admet votre enfant et vous présente l'école.</p>",
                     place="L'école indiquée sur le certificat d'inscription"),
            ],
            "documents": documents(
                "Livret de famille, ou acte de naissance de l'enfant",
                "Justificatif de domicile de moins de trois mois (facture d'énergie, quittance de loyer)",
                "Carnet de santé de l'enfant (pages des vaccinations), ou certificat de vaccination",
                "En cas de séparation : le jugement qui fixe la résidence de l'enfant, ou l'accord écrit de "
                "l'autre parent",
                "Si l'enfant change d'école : le certificat de radiation de l'ancienne école",
            ),
            "costs": "<p>L'inscription à l'école publique est gratuite. La cantine, l'accueil périscolaire et "
                     f"l'accueil de loisirs sont payants, selon votre quotient familial : voir {fees}.</p>",
            "next_steps": "<p>Votre enfant est attendu le jour de la rentrée, dont la date est fixée par le "
                          "ministère de l'Éducation nationale. Pensez à l'inscrire aussi à la cantine et à "
                          "l'accueil périscolaire avec le dossier unique famille, à partir du 1er juin.</p>",
            "related_questions": related("inscrire-a-l-ecole", "age-entree-maternelle", "vaccinations-inscription"),
        },
        "demander-une-derogation-de-secteur": {
            "title": "Demander une dérogation de secteur",
            "search_description": "Inscrire son enfant dans une autre école publique que celle de son secteur : la "
                                  "demande, les dates et les pièces.",
            "summary": "<p>Votre enfant peut aller dans une autre école maternelle ou élémentaire publique de "
                       "Saint-Malo que celle de votre secteur si la commission des dérogations de la mairie "
                       "l'accepte. Pour le collège, ce n'est pas la mairie qui décide, mais l'Éducation "
                       "nationale.</p>",
            "audience": "<p>Les familles de Saint-Malo qui souhaitent une autre école publique de la ville que "
                        "celle de leur secteur : un frère ou une sœur y est déjà, l'assistante maternelle habite "
                        "près de l'école, une raison médicale... Pour un collège, adressez-vous à l'école de "
                        "votre enfant en CM2 : la demande va à la direction des services départementaux de "
                        "l'Éducation nationale (DSDEN).</p>",
            "key_dates": [
                yearly("Demandes de dérogation pour la rentrée", "deadline", 31, 3),
                yearly("Commission des dérogations", "event", 20, 4),
                yearly("Réponse par courrier, au plus tard", "event", 15, 5),
            ],
            "steps": [
                step("Inscrivez d'abord votre enfant",
                     "<p>La dérogation se demande en même temps que l'inscription à la mairie : votre enfant "
                     "est inscrit dans l'école de votre secteur, et y reste si la demande est refusée.</p>",
                     place=GUICHET),
                step("Écrivez votre demande",
                     "<p>Remplissez le formulaire de demande, et expliquez vos raisons dans une lettre : elle "
                     "est lue par la commission. Joignez les justificatifs de ce que vous dites.</p>",
                     link=GUICHET_URL, link_label="Télécharger le formulaire (démonstration)"),
                step("Déposez le dossier avant le 31 mars",
                     "<p>Au guichet unique famille, ou par courrier au service Éducation – Enfance. Un dossier "
                     "incomplet est mis en attente : le service vous appelle pour le compléter.</p>",
                     place=GUICHET, contact=contact),
                step("La commission examine la demande",
                     "<p>Réunie en avril, elle étudie les demandes dans la limite des places de chaque école. "
                     "Vous recevez la réponse par courrier avant la mi-mai.</p>"),
                step("Si elle est acceptée, faites admettre votre enfant",
                     "<p>Prenez rendez-vous avec la direction de l'école demandée, avec le courrier d'accord et "
                     "le certificat d'inscription.</p>",
                     place="L'école demandée"),
            ],
            "documents": documents(
                "Le formulaire de demande de dérogation, complété et signé par les deux parents",
                "Une lettre qui explique vos raisons",
                "Si un frère ou une sœur est déjà dans l'école : son certificat de scolarité",
                "Si la demande tient à la garde de l'enfant : l'attestation de l'assistante maternelle ou de "
                "l'employeur",
                "Si la demande tient à la santé de l'enfant : un certificat médical, sous pli fermé",
            ),
            "costs": "<p>La demande est gratuite. Dans l'école accordée, la cantine et l'accueil périscolaire "
                     f"coûtent le même prix que partout dans la ville : voir {fees}.</p>",
            "next_steps": "<p>Une dérogation accordée vaut jusqu'à la fin de la maternelle ou de l'élémentaire "
                          "dans cette école. Si elle est refusée, votre enfant garde sa place dans l'école de "
                          "votre secteur ; vous pouvez écrire au maire pour demander un nouvel examen dans les "
                          "deux mois.</p>",
            "related_questions": related("derogation-autre-ecole", "derogation-refusee", "derogation-college"),
        },
        "inscrire-mon-enfant-a-la-cantine": {
            "title": "Inscrire mon enfant à la cantine (et PAI)",
            "search_description": "Le dossier unique famille pour la cantine, les repas à réserver, et le projet "
                                  "d'accueil individualisé (PAI) pour une allergie.",
            "summary": "<p>Un seul dossier par an, le dossier unique famille, inscrit votre enfant à la cantine, "
                       "à l'accueil périscolaire et à l'accueil de loisirs. Pour une allergie ou une maladie "
                       "chronique, un projet d'accueil individualisé (PAI) organise le repas en toute "
                       "sécurité.</p>",
            "audience": "<p>Les enfants des écoles maternelles et élémentaires publiques de Saint-Malo. Les "
                        "écoles privées organisent leur propre cantine : adressez-vous à elles.</p>",
            "key_dates": [
                yearly("Dossiers uniques famille pour la rentrée", "opening", 1, 6),
                yearly("Dossier déposé pour manger à la cantine dès la rentrée", "deadline", 10, 7),
                yearly("Demande de PAI auprès de l'école, pour qu'il soit prêt à la rentrée", "deadline", 30, 6),
            ],
            "steps": [
                step("Remplissez le dossier unique famille",
                     "<p>À partir du 1er juin, au guichet unique famille ou par courriel à "
                     "famille@saint-malo.example. Joignez l'attestation de quotient familial : sans elle, le "
                     "tarif le plus élevé s'applique.</p>",
                     place=GUICHET, link=GUICHET_URL, link_label="Remplir le dossier en ligne (démonstration)"),
                step("Choisissez les jours de cantine",
                     "<p>Des jours fixes chaque semaine, ou des repas réservés au fil de l'année. Vous pouvez "
                     "réserver ou annuler un repas jusqu'à la veille, 10 h.</p>"),
                step("En cas d'allergie ou de maladie chronique, demandez un PAI",
                     "<p>Demandez-le à la direction de l'école, avec l'ordonnance de votre médecin ou de "
                     "l'allergologue. Le PAI est rédigé avec le médecin scolaire ; la mairie y participe pour le "
                     "temps du repas. Selon l'allergie, votre enfant mange le repas adapté de la cantine ou un "
                     "panier repas que vous préparez.</p>",
                     place="L'école de votre enfant", contact=contact),
                step("Consultez les menus et réglez la facture",
                     f"<p>Les menus de la semaine, avec les allergènes, sont sur la page {menus}. La facture "
                     "arrive au début de chaque mois, pour les repas du mois précédent.</p>"),
            ],
            "documents": documents(
                "Le dossier unique famille, complété et signé",
                "L'attestation de quotient familial CAF ou MSA de moins de trois mois",
                "L'attestation d'assurance responsabilité civile de l'enfant",
                "Pour un PAI : l'ordonnance ou le certificat du médecin, sous pli fermé",
                "Pour un PAI : la trousse d'urgence avec les médicaments prescrits, à remettre à l'école",
            ),
            "costs": "<p>Le prix du repas dépend de votre quotient familial, par tranches votées chaque année. "
                     "Le panier repas d'un enfant avec un PAI est facturé moitié prix. Simulez votre prix sur "
                     f"la page {fees}.</p>",
            "next_steps": "<p>Votre enfant déjeune à la cantine dès le jour de la rentrée si le dossier est "
                          "déposé avant le 10 juillet ; après, comptez une semaine. Le PAI est revu à chaque "
                          "changement de traitement ou d'école.</p>",
            "related_questions": related("inscrire-a-la-cantine", "allergie-pai", "prix-de-la-cantine"),
        },
    }


def load_demo(command, commune, home, folder):
    report = import_faq((folder / QUESTIONS_FILE).read_bytes(), commune=commune.code_insee)
    command.stdout.write("Questions : " + " ".join(str(line) for line in report.summary_lines()))
    command.ensure_child(
        home,
        FaqPage,
        slug="questions",
        title="Questions fréquentes",
        search_description="Les réponses de la mairie aux questions des familles : inscription, dérogation, "
                           "cantine, périscolaire, transports, santé, vacances, modes de garde, tarifs.",
        intro="<p>Cherchez un mot, ou ouvrez un thème. Chaque réponse dit qui décide : la mairie, l'école, "
              "l'Éducation nationale, l'agglomération ou la CAF. Si la réponse ne suffit pas, le guichet unique "
              "famille vous répond à l'Hôtel de ville, place Chateaubriand, ou au 02 99 40 71 11.</p>",
        communes=[commune],
    )
    index = command.ensure_child(
        home,
        ProcedureIndexPage,
        slug="demarches",
        title="Démarches",
        search_description="Les démarches scolaires pas à pas : quoi faire, où, avant quelle date, avec quelles "
                           "pièces.",
        intro="<p>Chaque démarche pas à pas, avec ses dates et la liste des pièces à fournir, à cocher ou à "
              "imprimer.</p>",
        communes=[commune],
    )
    for slug, fields in guides(home, commune).items():
        command.ensure_child(index, ProcedureGuidePage, slug=slug, communes=[commune],
                             responsible_body=ResponsibleBody.MAIRIE, **fields)
