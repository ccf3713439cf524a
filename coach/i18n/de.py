"""Deutsch: die Texte der Oberfläche (``ui_lang = "de"``), in der Sie-Form."""

from coach.i18n import CheckText, Dates, ExplainText, Macros, Messages, Plural, ReportText, SkipText, Terms

MESSAGES = Messages(
    lang="de",
    terms=Terms(
        dimensions={"direct": "direkt", "empathetic": "einfühlsam", "follow_up": "Rückfragen", "readable": "lesbar"},
        overall="gesamt",
        severities={"info": "Hinweis", "warning": "Warnung", "error": "Fehler"},
        verdicts={"ready": "bereit", "revise": "überarbeiten"},
        verdict_sentences={"ready": "bereit zum Senden", "revise": "Überarbeitung nötig"},
        author_kinds={"trainee": "in Einarbeitung", "shadow": "Hospitation"},
        decisions={
            "approved": "freigegeben", "approved (edited)": "freigegeben (bearbeitet)",
            "rework": "zurückgegeben", "pending": "offen",
        },
        not_available="k. A.",
        none="keine",
        percent="{value} %",
        languages={'en': 'Englisch', 'de': 'Deutsch', 'it': 'Italienisch', 'fr': 'Französisch', 'es': 'Spanisch', 'pt': 'Portugiesisch', 'nl': 'Niederländisch'},
    ),
    dates=Dates(
        day="%d.%m.%Y",
        moment="%d.%m.%Y, %H:%M UTC",
        day_month="{day}. {month}",
        months=("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
        week="KW {week}",
        versus="{week} ggü. {previous}",
    ),
    macros=Macros(
        submit="Coach: Entwurf einreichen",
        submit_description=(
            "Für Kolleg:innen in der Einarbeitung: Schreiben Sie Ihre Antwort als interne Notiz und wenden Sie "
            "dann dieses Makro an, damit coach sie prüft."
        ),
        submit_shadow="Coach: Entwurf einreichen (Hospitation)",
        submit_shadow_description=(
            "Für Hospitierende: Schreiben Sie Ihre Antwort als interne Notiz und wenden Sie dann dieses Makro an, "
            "damit coach sie prüft."
        ),
        approve="Coach: freigeben",
        approve_description=(
            "Für Mentor:innen: Geben Sie die von coach vorgeschlagene Überarbeitung frei (oder schreiben Sie eine "
            "interne Notiz, die mit /approve beginnt, gefolgt von Ihrer bearbeiteten Antwort)."
        ),
        rework="Coach: zurückgeben",
        rework_description=(
            "Für Mentor:innen: Geben Sie den Entwurf zur Überarbeitung zurück; schreiben Sie Ihre Begründung "
            "hinter /rework, bevor Sie absenden."
        ),
    ),
    check=CheckText(
        no_findings="keine Anmerkungen",
        readability_label="Lesbarkeit",
        readability="{words} in {sentences}, {metrics}",
        word_count=Plural("{n} Wort", "{n} Wörter"),
        sentence_count=Plural("{n} Satz", "{n} Sätzen"),
        metric_names={'flesch_reading_ease': 'Flesch-Lesewert', 'flesch_kincaid_grade': 'Schulstufe', 'amstad_reading_ease': 'Lesbarkeit nach Amstad', 'wiener_sachtextformel': 'Wiener Sachtextformel', 'gulpease': 'Gulpease-Index', 'flesch_vacca': 'Flesch-Vacca'},
        revision=Plural("Vorgeschlagene Überarbeitung ({n} Änderung)", "Vorgeschlagene Überarbeitung ({n} Änderungen)"),
        deleted="(streichen)",
        added="ergänzt: „{text}“",
        removed="gestrichen: „{text}“",
        replaced="„{before}“ → „{after}“",
        drafts=Plural("{n} Entwurf", "{n} Entwürfe"),
        ready="{n} bereit",
        to_revise="{n} zu überarbeiten",
        unreadable="{n} nicht prüfbar",
        unchecked="{n} in einer Sprache ohne Regeln",
        not_checked="nicht geprüft",
        unchecked_notice="dieser Entwurf ist auf {language}; coach hat Regeln für {available} und hat ihn deshalb nicht geprüft (lang in coach.toml oder --lang legt die Sprache fest)",
    ),
    explain=ExplainText(
        enabled="aktiv",
        disabled="deaktiviert",
        file="Datei",
        message="Meldung",
        why="Warum",
        source="Quelle",
        settings="Einstellungen",
        good="gute Beispiele (nicht markiert)",
        bad="schlechte Beispiele (markiert)",
        answering="Antwort auf",
    ),
    skip=SkipText(
        title="Dieser Entwurf kann nicht geprüft werden",
        advice=(
            "Schreiben Sie bitte eine neue interne Notiz mit einem kürzeren oder lesbaren Entwurf und wenden Sie "
            "„{macro}“ erneut an."
        ),
    ),
    report=ReportText(
        title="Coach-Fortschrittsbericht",
        period="{start} bis {end}",
        start_of_history="Beginn der Aufzeichnung",
        matching="Personen mit „{who}“",
        shadow_only="nur Hospitierende",
        trainees_only="nur Kolleg:innen in Einarbeitung",
        everyone="alle",
        showing="Auswahl: {filters}",
        as_of="Stand {until}",
        empty="Keine Prüfungen in diesem Zeitraum.",
        unreadable=Plural(
            "{n} Prüfung im Verlauf hat ein unlesbares Datum und wurde nicht berücksichtigt.",
            "{n} Prüfungen im Verlauf haben ein unlesbares Datum und wurden nicht berücksichtigt.",
        ),
        summary=(
            "{reviews} Entwürfe geprüft, auf {tickets} Tickets von {people}; {decided} entschieden, {approved} "
            "freigegeben (Freigabequote {rate}), {rounds} Runden bis zur Freigabe, Median {median} h bis zur Entscheidung."
        ),
        people_count=Plural("{n} Person", "{n} Personen"),
        people="Personen",
        people_column="Personen",
        rules="Regeln",
        shadow_day="Hospitationstag",
        no_shadow="Keine Entwürfe von Hospitierenden in diesem Zeitraum.",
        shadow_summary="{drafts} auf {tickets} von {visitors}",
        drafts_n=Plural("{n} Entwurf", "{n} Entwürfe"),
        tickets_n=Plural("{n} Ticket", "{n} Tickets"),
        visitors_n=Plural("{n} hospitierenden Person", "{n} Hospitierenden"),
        name="Name",
        kind="Rolle",
        drafts="Entwürfe",
        tickets="Tickets",
        reviews="Prüfungen",
        decided="entschieden",
        approved="freigegeben",
        approval="Freigabe",
        approval_rate="Freigabequote",
        approved_of_decided="freigegeben / entschieden",
        rounds="Runden",
        rounds_until_approval="Runden bis zur Freigabe",
        median_hours="Median h",
        median_hours_long="Median h bis zur Entscheidung",
        median_time="Median bis zur Entscheidung",
        last_week="letzte Woche",
        last_week_short="Vorwoche",
        week="Woche",
        week_from="ab",
        rule="Regel",
        fired="ausgelöst",
        fired_drafts="ausgelöst (Entwürfe)",
        changes="Änderungen",
        kept="übernommen",
        edited="verworfen",
        edited_away="beim Bearbeiten verworfen",
        reworked="zurückgegeben",
        pending="offen",
        unknown="unbekannt",
        precision="Präzision",
        ticket="Ticket",
        subject="Betreff",
        drafted_by="Entwurf von",
        round="Runde",
        verdict="Ergebnis",
        decision="Entscheidung",
        hours="{value} h",
        coach_next="Als Nächstes üben",
        stopped="Abgelegt (nicht mehr in den letzten {n} Prüfungen)",
        nothing_firing="nichts mehr offen (siehe abgelegt)",
        no_findings="keine Anmerkungen",
        none_yet="noch keine",
        most_common="Häufigste Regeln",
        precision_na=Plural("k. A. ({n} entschieden)", "k. A. ({n} entschieden)"),
        precision_of="{pct} von {n}",
        precision_text=(
            "Präzision = übernommen / (übernommen + verworfen + zurückgegeben); k. A. unter {min} entschiedenen Änderungen."
        ),
        precision_md=(
            "Präzision = übernommen / (übernommen + beim Bearbeiten verworfen + zurückgegeben), „k. A.“ unter {min} "
            "entschiedenen Änderungen."
        ),
        precision_html=(
            "Präzision = übernommen / (übernommen + beim Bearbeiten verworfen + zurückgegeben); „k. A.“ unter {min} "
            "entschiedenen Änderungen, damit kleine Zahlen nicht überbewertet werden."
        ),
        drafts_reviewed="geprüfte Entwürfe",
        approved_tile="freigegeben ({approved} von {decided} entschiedenen)",
        trend_title="Verlauf der Punktzahl",
        trend_caption=(
            "Mittlere Gesamtpunktzahl der Entwürfe jeder Person pro Kalenderwoche (Montag bis Sonntag, UTC). Die "
            "Achse umfasst die gezeigten Werte, nicht 0–100; gepunktete Linien überbrücken Wochen ohne Entwürfe; "
            "zeigen Sie auf einen Punkt, um seine Werte zu sehen."
        ),
        trend_svg_title="Gesamtpunktzahl pro Person und Woche",
        trend_axis="Gesamtpunktzahl",
        point=Plural("{name}, {week}: {score} ({n} Entwurf)", "{name}, {week}: {score} ({n} Entwürfe)"),
        shadow_mark="Hospitation",
        people_caption=(
            "Die Punktzahlen sind Mittelwerte über die Entwürfe der Person im Zeitraum; „letzte Woche“ ist die "
            "Veränderung der Gesamtpunktzahl gegenüber ihrer vorherigen Woche mit Entwürfen."
        ),
        week_of="{key}, Woche ab {start}",
        rules_caption="In wie vielen Entwürfen jede Regel ausgelöst wurde.",
        rules_caption_more=(
            "In wie vielen Entwürfen jede Regel ausgelöst wurde (die {shown} häufigsten; {more} weitere in der Tabelle)."
        ),
        rules_svg_title="Entwürfe pro Regel",
        bar="{rule}: {drafts} Entwürfe, {findings} Anmerkungen",
        rules_axis="Entwürfe, in denen die Regel ausgelöst wurde",
        outcomes_title="Was aus den vorgeschlagenen Änderungen jeder Regel wurde",
        glossary_title="So lesen Sie diesen Bericht",
        glossary=(
            ("Freigabequote",
             "Freigegebene Entwürfe unter den entschiedenen (von der Mentorin oder dem Mentor freigegeben oder zur "
             "Überarbeitung zurückgegeben)."),
            ("Runden bis zur Freigabe",
             "Die mittlere Runde der freigegebenen Entwürfe: 1 heißt, beim ersten Versuch freigegeben."),
            ("Median bis zur Entscheidung",
             "Stunden vom Entwurf (oder, wenn dessen Zeit unbekannt ist, von seiner Prüfung) bis zur Entscheidung "
             "der Mentorin oder des Mentors."),
            ("Als Nächstes üben",
             "Die Regeln, die in den meisten Entwürfen der Person ausgelöst wurden, ohne die, die sie inzwischen "
             "nicht mehr auslöst."),
            ("Abgelegt",
             "Regeln, die in früheren Entwürfen ausgelöst wurden, aber in keinem der letzten {n} geprüften Entwürfe "
             "der Person."),
            ("Übernommen / beim Bearbeiten verworfen",
             "Ob die vorgeschlagene Änderung unverändert freigegeben wurde oder eine bearbeitete Antwort, die sie "
             "rückgängig macht. „Unbekannt“: mit Änderungen freigegeben, aber der Text der Änderung ist nicht im "
             "Verlauf gespeichert."),
        ),
    ),
)
