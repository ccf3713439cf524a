"""Italiano: i testi dell'interfaccia (``ui_lang = "it"``), con il Lei."""

from coach.i18n import CheckText, Dates, ExplainText, Macros, Messages, Plural, ReportText, SkipText, Terms

MESSAGES = Messages(
    lang="it",
    terms=Terms(
        dimensions={"direct": "diretta", "empathetic": "empatica", "follow_up": "dialogo", "readable": "leggibile"},
        overall="complessivo",
        severities={"info": "nota", "warning": "avviso", "error": "errore"},
        verdicts={"ready": "pronta", "revise": "da rivedere"},
        verdict_sentences={"ready": "pronta per l'invio", "revise": "da rivedere"},
        author_kinds={"trainee": "in formazione", "shadow": "affiancamento"},
        decisions={
            "approved": "approvata", "approved (edited)": "approvata (modificata)",
            "rework": "rimandata", "pending": "in attesa",
        },
        not_available="n.d.",
        none="nessuna",
        percent="{value}%",
        languages={'en': 'inglese', 'de': 'tedesco', 'it': 'italiano', 'fr': 'francese', 'es': 'spagnolo', 'pt': 'portoghese', 'nl': 'olandese'},
    ),
    dates=Dates(
        day="%d/%m/%Y",
        moment="%d/%m/%Y %H:%M UTC",
        day_month="{day} {month}",
        months=("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
        week="sett. {week}",
        versus="{week} rispetto a {previous}",
    ),
    macros=Macros(
        submit="Coach: invia bozza",
        submit_description=(
            "Per chi è in formazione: scriva la risposta come nota interna, poi applichi questa macro perché coach "
            "la esamini."
        ),
        submit_shadow="Coach: invia bozza (affiancamento)",
        submit_shadow_description=(
            "Per chi è in affiancamento: scriva la risposta come nota interna, poi applichi questa macro perché "
            "coach la esamini."
        ),
        approve="Coach: approva",
        approve_description=(
            "Per i tutor: approvi la revisione suggerita da coach (oppure aggiunga una nota interna che inizia con "
            "/approve, seguita dalla Sua risposta modificata)."
        ),
        rework="Coach: rimanda indietro",
        rework_description=(
            "Per i tutor: rimandi indietro la bozza; scriva il motivo dopo /rework prima di inviare."
        ),
    ),
    check=CheckText(
        no_findings="nessuna osservazione",
        readability_label="leggibilità",
        readability="{words} in {sentences}, {metrics}",
        word_count=Plural("{n} parola", "{n} parole"),
        sentence_count=Plural("{n} frase", "{n} frasi"),
        metric_names={'flesch_reading_ease': 'indice di Flesch', 'flesch_kincaid_grade': 'livello scolastico', 'amstad_reading_ease': 'indice di Amstad', 'wiener_sachtextformel': 'Wiener Sachtextformel', 'gulpease': 'indice Gulpease', 'flesch_vacca': 'indice Flesch-Vacca'},
        revision=Plural("Revisione suggerita ({n} modifica)", "Revisione suggerita ({n} modifiche)"),
        deleted="(eliminare)",
        added="aggiunto «{text}»",
        removed="tolto «{text}»",
        replaced="«{before}» → «{after}»",
        drafts=Plural("{n} bozza", "{n} bozze"),
        ready="{n} pronte",
        to_revise="{n} da rivedere",
        unreadable="{n} non verificabili",
        unchecked="{n} in una lingua senza regole",
        not_checked="non verificata",
        unchecked_notice="questa bozza è in {language}; coach ha regole per {available}, quindi non è stata verificata (lang in coach.toml o --lang impostano la lingua)",
    ),
    explain=ExplainText(
        enabled="attiva",
        disabled="disattivata",
        file="file",
        message="messaggio",
        why="perché",
        source="fonte",
        settings="impostazioni",
        good="esempi corretti (non segnalati)",
        bad="esempi da evitare (segnalati)",
        answering="in risposta a",
    ),
    skip=SkipText(
        title="Questa bozza non può essere verificata",
        advice="Scriva una nuova nota interna con una bozza più breve o leggibile e applichi di nuovo «{macro}».",
    ),
    report=ReportText(
        title="Report dei progressi di coach",
        period="{start} – {end}",
        start_of_history="inizio dello storico",
        matching="persone che corrispondono a «{who}»",
        shadow_only="solo persone in affiancamento",
        trainees_only="solo persone in formazione",
        everyone="tutti",
        showing="Selezione: {filters}",
        as_of="dati aggiornati al {until}",
        empty="Nessuna revisione in questo periodo.",
        unreadable=Plural(
            "{n} revisione nello storico ha una data illeggibile ed è stata esclusa.",
            "{n} revisioni nello storico hanno una data illeggibile e sono state escluse.",
        ),
        summary=(
            "{reviews} bozze esaminate su {tickets} ticket da {people}; {decided} decise, {approved} approvate "
            "(tasso di approvazione {rate}), {rounds} tentativi fino all'approvazione, mediana di {median} h fino "
            "alla decisione."
        ),
        people_count=Plural("{n} persona", "{n} persone"),
        people="Persone",
        people_column="persone",
        rules="Regole",
        shadow_day="Giornata di affiancamento",
        no_shadow="Nessuna bozza in affiancamento in questo periodo.",
        shadow_summary="{drafts} su {tickets} da {visitors}",
        drafts_n=Plural("{n} bozza", "{n} bozze"),
        tickets_n=Plural("{n} ticket", "{n} ticket"),
        visitors_n=Plural("{n} persona in affiancamento", "{n} persone in affiancamento"),
        name="nome",
        kind="ruolo",
        drafts="bozze",
        tickets="ticket",
        reviews="revisioni",
        decided="decise",
        approved="approvate",
        approval="approvazione",
        approval_rate="tasso di approvazione",
        approved_of_decided="approvate / decise",
        rounds="tentativi",
        rounds_until_approval="tentativi fino all'approvazione",
        median_hours="mediana h",
        median_hours_long="mediana h alla decisione",
        median_time="tempo mediano alla decisione",
        last_week="ultima settimana",
        last_week_short="ult. sett.",
        week="settimana",
        week_from="dal",
        rule="regola",
        fired="attivata",
        fired_drafts="attivata (bozze)",
        changes="modifiche",
        kept="mantenute",
        edited="annullate",
        edited_away="annullate in modifica",
        reworked="rimandate",
        pending="in attesa",
        unknown="sconosciute",
        precision="precisione",
        ticket="ticket",
        subject="oggetto",
        drafted_by="bozza di",
        round="tentativo",
        verdict="esito",
        decision="decisione",
        hours="{value} h",
        coach_next="Su cosa lavorare ora",
        stopped="Superate (assenti nelle ultime {n} revisioni)",
        nothing_firing="nulla di ancora attivo (vedi superate)",
        no_findings="nessuna osservazione",
        none_yet="ancora nessuna",
        most_common="Regole più frequenti",
        precision_na=Plural("n.d. ({n} decisa)", "n.d. ({n} decise)"),
        precision_of="{pct} su {n}",
        precision_text=(
            "precisione = mantenute / (mantenute + annullate + rimandate); n.d. sotto {min} modifiche decise."
        ),
        precision_md=(
            "Precisione = mantenute / (mantenute + annullate in modifica + rimandate), «n.d.» sotto {min} "
            "modifiche decise."
        ),
        precision_html=(
            "Precisione = mantenute / (mantenute + annullate in modifica + rimandate); «n.d.» sotto {min} "
            "modifiche decise, per non sopravvalutare i numeri piccoli."
        ),
        drafts_reviewed="bozze esaminate",
        approved_tile="approvate ({approved} su {decided} decise)",
        trend_title="Andamento del punteggio",
        trend_caption=(
            "Punteggio complessivo medio delle bozze di ciascuna persona per settimana ISO (da lunedì a domenica, "
            "UTC). L'asse copre i punteggi mostrati, non 0–100; i tratti punteggiati collegano settimane senza "
            "bozze; passi sopra un punto per vederne i valori."
        ),
        trend_svg_title="Punteggio complessivo per persona e settimana",
        trend_axis="punteggio complessivo",
        point=Plural("{name}, {week}: {score} ({n} bozza)", "{name}, {week}: {score} ({n} bozze)"),
        shadow_mark="affiancamento",
        people_caption=(
            "I punteggi sono medie sulle bozze della persona nel periodo; «ultima settimana» è la variazione del "
            "punteggio complessivo rispetto alla sua settimana precedente con bozze."
        ),
        week_of="{key}, settimana dal {start}",
        rules_caption="In quante bozze si è attivata ciascuna regola.",
        rules_caption_more=(
            "In quante bozze si è attivata ciascuna regola (le {shown} più frequenti; altre {more} nella tabella)."
        ),
        rules_svg_title="Bozze per regola",
        bar="{rule}: {drafts} bozze, {findings} osservazioni",
        rules_axis="bozze in cui la regola si è attivata",
        outcomes_title="Che fine hanno fatto le modifiche suggerite da ciascuna regola",
        glossary_title="Come leggere questo report",
        glossary=(
            ("Tasso di approvazione",
             "Bozze approvate sul totale di quelle decise (approvate o rimandate indietro dal tutor)."),
            ("Tentativi fino all'approvazione",
             "Il tentativo medio delle bozze approvate: 1 significa approvata al primo tentativo."),
            ("Tempo mediano alla decisione",
             "Ore dalla bozza (o, se l'ora non è nota, dalla sua revisione) alla decisione del tutor."),
            ("Su cosa lavorare ora",
             "Le regole attivate nella maggior parte delle bozze della persona, tranne quelle che non attiva più."),
            ("Superate",
             "Regole attivate in bozze precedenti ma in nessuna delle ultime {n} bozze esaminate della persona."),
            ("Mantenute / annullate in modifica",
             "Se il tutor ha approvato la modifica suggerita così com'era, oppure una risposta modificata che la "
             "annulla. «Sconosciute»: approvate con modifiche, ma il testo della modifica non è nello storico."),
        ),
    ),
)
