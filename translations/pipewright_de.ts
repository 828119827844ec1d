<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ScheduleText</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>every %1 from %2 to %3</source>
        <translation>alle %1 von %2 bis %3</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>the last day</source>
        <translation>dem letzten Tag</translation>
    </message>
    <message>
        <source>the first %1</source>
        <translation>am ersten %1</translation>
    </message>
    <message>
        <source>the second %1</source>
        <translation>am zweiten %1</translation>
    </message>
    <message>
        <source>the third %1</source>
        <translation>am dritten %1</translation>
    </message>
    <message>
        <source>the fourth %1</source>
        <translation>am vierten %1</translation>
    </message>
    <message>
        <source>the fifth %1</source>
        <translation>am fünften %1</translation>
    </message>
    <message>
        <source>the last %1</source>
        <translation>am letzten %1</translation>
    </message>
    <message>
        <source>At %1</source>
        <translation>Um %1</translation>
    </message>
    <message>
        <source>Every minute</source>
        <translation>Jede Minute</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>Jede Minute</numerusform>
            <numerusform>Alle %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>At minute %1 of every hour</source>
        <translation>In Minute %1 jeder Stunde</translation>
    </message>
    <message numerus="yes">
        <source>Every %n hour(s), at minute %1</source>
        <translation>
            <numerusform>Jede Stunde, in Minute %1</numerusform>
            <numerusform>Alle %n Stunden, in Minute %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Every hour from %1 to %2</source>
        <translation>Stündlich von %1 bis %2</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s) from %1 to %2</source>
        <translation>
            <numerusform>Jede Minute von %1 bis %2</numerusform>
            <numerusform>Alle %n Minuten von %1 bis %2</numerusform>
        </translation>
    </message>
    <message>
        <source>At minute %1 past hour %2</source>
        <translation>In Minute %1 der Stunde %2</translation>
    </message>
    <message>
        <source>on the last day of the month</source>
        <translation>am letzten Tag des Monats</translation>
    </message>
    <message numerus="yes">
        <source>on day(s) %1 of the month</source>
        <translation>
            <numerusform>am %1. Tag des Monats</numerusform>
            <numerusform>an den Tagen %1 des Monats</numerusform>
        </translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>jeden Tag</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 oder %2</translation>
    </message>
    <message>
        <source>Not scheduled: runs only when triggered.</source>
        <translation>Kein Zeitplan: läuft nur, wenn ausgelöst.</translation>
    </message>
    <message>
        <source>Not a schedule: %1</source>
        <translation>Kein gültiger Zeitplan: %1</translation>
    </message>
    <message>
        <source>Once, at the start date.</source>
        <translation>Einmal, am Startdatum.</translation>
    </message>
    <message>
        <source>Continuously: each run starts when the one before ends.</source>
        <translation>Fortlaufend: jeder Lauf beginnt, wenn der vorige endet.</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>im %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::ApiTokensPage</name>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen…</translation>
    </message>
    <message>
        <source>API tokens let tools call the REST API as you. A revoked token is refused from its next request. Last use is recorded to the minute.</source>
        <translation>Mit API-Tokens rufen Werkzeuge die REST-API in Ihrem Namen auf. Ein widerrufenes Token wird ab seiner nächsten Anfrage abgewiesen. Die letzte Verwendung wird minutengenau erfasst.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Revoke “%1”? It is this window session&apos;s token: tools using it are refused from their next request, and Copy token makes a new one.</source>
        <translation>„%1“ widerrufen? Es ist das Token dieser Fenstersitzung: Werkzeuge, die es verwenden, werden ab ihrer nächsten Anfrage abgewiesen, und „Token kopieren“ erstellt ein neues.</translation>
    </message>
    <message>
        <source>Revoke “%1”? Tools using it are refused from their next request.</source>
        <translation>„%1“ widerrufen? Werkzeuge, die es verwenden, werden ab ihrer nächsten Anfrage abgewiesen.</translation>
    </message>
    <message>
        <source>Revoke API token</source>
        <translation>API-Token widerrufen</translation>
    </message>
    <message>
        <source>%1 (this window)</source>
        <translation>%1 (dieses Fenster)</translation>
    </message>
    <message>
        <source>The token Copy token puts on the clipboard</source>
        <translation>Das Token, das „Token kopieren“ in die Zwischenablage legt</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>abgelaufen %1</translation>
    </message>
    <message>
        <source>You have no API tokens.</source>
        <translation>Sie haben keine API-Tokens.</translation>
    </message>
    <message>
        <source>Revoked “%1”.</source>
        <translation>„%1“ widerrufen.</translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangeSummary</name>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>spec</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>create definition</source>
        <translation>Definition erstellt</translation>
    </message>
    <message>
        <source>restore version %1</source>
        <translation>Version %1 wiederhergestellt</translation>
    </message>
    <message>
        <source>update %1</source>
        <translation>%1 geändert</translation>
    </message>
    <message>
        <source>add node %1</source>
        <translation>Knoten %1 hinzugefügt</translation>
    </message>
    <message numerus="yes">
        <source>add %n node(s)</source>
        <translation>
            <numerusform>%n Knoten hinzugefügt</numerusform>
            <numerusform>%n Knoten hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>remove node %1</source>
        <translation>Knoten %1 entfernt</translation>
    </message>
    <message numerus="yes">
        <source>remove %n node(s)</source>
        <translation>
            <numerusform>%n Knoten entfernt</numerusform>
            <numerusform>%n Knoten entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>update node %1</source>
        <translation>Knoten %1 geändert</translation>
    </message>
    <message numerus="yes">
        <source>update %n node(s)</source>
        <translation>
            <numerusform>%n Knoten geändert</numerusform>
            <numerusform>%n Knoten geändert</numerusform>
        </translation>
    </message>
    <message>
        <source>add dependency %1 → %2</source>
        <translation>Abhängigkeit %1 → %2 hinzugefügt</translation>
    </message>
    <message numerus="yes">
        <source>add %n dependency(s)</source>
        <translation>
            <numerusform>%n Abhängigkeit hinzugefügt</numerusform>
            <numerusform>%n Abhängigkeiten hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>remove dependency %1 → %2</source>
        <translation>Abhängigkeit %1 → %2 entfernt</translation>
    </message>
    <message numerus="yes">
        <source>remove %n dependency(s)</source>
        <translation>
            <numerusform>%n Abhängigkeit entfernt</numerusform>
            <numerusform>%n Abhängigkeiten entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>replace dependencies</source>
        <translation>Abhängigkeiten ersetzt</translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangesPanel</name>
    <message>
        <source>Reset File</source>
        <translation>Datei zurücksetzen</translation>
    </message>
    <message>
        <source>Commit to Branch…</source>
        <translation>Auf Branch committen…</translation>
    </message>
    <message>
        <source>Drop the draft&apos;s change to this file: the repository&apos;s content again</source>
        <translation>Die Entwurfsänderung an dieser Datei verwerfen: wieder der Inhalt des Repositorys</translation>
    </message>
    <message>
        <source>Write the drafts and the pipeline&apos;s spec as one commit on a branch</source>
        <translation>Die Entwürfe und die Spezifikation der Pipeline als einen Commit auf einen Branch schreiben</translation>
    </message>
    <message>
        <source>Open a definition to see its draft changes.</source>
        <translation>Öffnen Sie eine Definition, um ihre Entwurfsänderungen zu sehen.</translation>
    </message>
    <message>
        <source>(The diff is too large to show in full here.)</source>
        <translation>(Der Diff ist zu groß, um ihn hier vollständig zu zeigen.)</translation>
    </message>
    <message>
        <source>  (spec, written on commit)</source>
        <translation>  (Spezifikation, wird beim Commit geschrieben)</translation>
    </message>
    <message>
        <source>Binary file: %1 → %2</source>
        <translation>Binärdatei: %1 → %2</translation>
    </message>
    <message>
        <source>No draft changes on %1</source>
        <translation>Keine Entwurfsänderungen auf %1</translation>
    </message>
    <message numerus="yes">
        <source>%n changed file(s) over %1</source>
        <translation>
            <numerusform>%n geänderte Datei über %1</numerusform>
            <numerusform>%n geänderte Dateien über %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %n file(s) to %1 as %2</source>
        <translation>
            <numerusform>%n Datei auf %1 als %2 committet</numerusform>
            <numerusform>%n Dateien auf %1 als %2 committet</numerusform>
        </translation>
    </message>
    <message>
        <source>Commit to Branch</source>
        <translation>Auf Branch committen</translation>
    </message>
    <message>
        <source>What changed and why</source>
        <translation>Was sich geändert hat und warum</translation>
    </message>
    <message>
        <source>Branch (new or existing):</source>
        <translation>Branch (neu oder vorhanden):</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Nachricht:</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Committen</translation>
    </message>
</context>
<context>
    <name>pw::ui::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <source>Type a command</source>
        <translation>Befehl eingeben</translation>
    </message>
</context>
<context>
    <name>pw::ui::CompareTab</name>
    <message>
        <source>The versions could not be read.</source>
        <translation>Die Versionen konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>v%1 ↔ v%2</source>
        <translation>v%1 ↔ v%2</translation>
    </message>
    <message>
        <source>v%1 ↔ current</source>
        <translation>v%1 ↔ aktuell</translation>
    </message>
    <message>
        <source>deployment changed</source>
        <translation>Deployment geändert</translation>
    </message>
    <message>
        <source>metadata changed</source>
        <translation>Metadaten geändert</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Current (version %1)</source>
        <translation>Aktuell (Version %1)</translation>
    </message>
    <message numerus="yes">
        <source>nodes added: %n</source>
        <translation>
            <numerusform>Knoten hinzugefügt: %n</numerusform>
            <numerusform>Knoten hinzugefügt: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed: %n</source>
        <translation>
            <numerusform>entfernt: %n</numerusform>
            <numerusform>entfernt: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>changed: %n</source>
        <translation>
            <numerusform>geändert: %n</numerusform>
            <numerusform>geändert: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>dependencies added: %n</source>
        <translation>
            <numerusform>Abhängigkeiten hinzugefügt: %n</numerusform>
            <numerusform>Abhängigkeiten hinzugefügt: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a node to see what changed in it.</source>
        <translation>Einen Knoten auswählen, um zu sehen, was sich an ihm geändert hat.</translation>
    </message>
    <message>
        <source>the texts are too large to show side by side</source>
        <translation>die Texte sind zu groß, um sie nebeneinander zu zeigen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: added since version %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: seit Version %2 hinzugefügt</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: removed since version %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: seit Version %2 entfernt</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: changed — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: geändert — %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: unchanged</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: unverändert</translation>
    </message>
</context>
<context>
    <name>pw::ui::DefinitionDocument</name>
    <message>
        <source>Edit source</source>
        <translation>Quelltext bearbeiten</translation>
    </message>
    <message>
        <source>Restore version</source>
        <translation>Version wiederherstellen</translation>
    </message>
</context>
<context>
    <name>pw::ui::DefinitionTab</name>
    <message>
        <source>Find a node by id or label (Ctrl+F)</source>
        <translation>Knoten nach ID oder Bezeichnung suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Verkleinern (Strg+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+=)</source>
        <translation>Vergrößern (Strg+=)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the graph in the view (Ctrl+0)</source>
        <translation>Graph in die Ansicht einpassen (Strg+0)</translation>
    </message>
    <message>
        <source>Add node %1</source>
        <translation>Knoten %1 hinzufügen</translation>
    </message>
    <message>
        <source>Connect %1 → %2</source>
        <translation>%1 → %2 verbinden</translation>
    </message>
    <message>
        <source>Delete node %1</source>
        <translation>Knoten %1 löschen</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>%1 umbenennen</translation>
    </message>
    <message>
        <source>Rename node</source>
        <translation>Knoten umbenennen</translation>
    </message>
    <message>
        <source>Label of %1:</source>
        <translation>Bezeichnung von %1:</translation>
    </message>
    <message>
        <source>Auto layout</source>
        <translation>Automatisches Layout</translation>
    </message>
    <message>
        <source>No node matches “%1”</source>
        <translation>Kein Knoten passt zu „%1“</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>%1 verschieben</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Select upstream</source>
        <translation>Vorgänger auswählen</translation>
    </message>
    <message>
        <source>Select downstream</source>
        <translation>Nachfolger auswählen</translation>
    </message>
    <message>
        <source>Add node</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>Auto layout, left to right</source>
        <translation>Automatisches Layout, von links nach rechts</translation>
    </message>
    <message>
        <source>Auto layout, top to bottom</source>
        <translation>Automatisches Layout, von oben nach unten</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>In Ansicht einpassen</translation>
    </message>
    <message numerus="yes">
        <source>Delete dependencies (%n)</source>
        <translation>
            <numerusform>Abhängigkeit löschen (%n)</numerusform>
            <numerusform>Abhängigkeiten löschen (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete nodes (%n)</source>
        <translation>
            <numerusform>Knoten löschen (%n)</numerusform>
            <numerusform>Knoten löschen (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied nodes: %n</source>
        <translation>
            <numerusform>Kopierte Knoten: %n</numerusform>
            <numerusform>Kopierte Knoten: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paste nodes (%n)</source>
        <translation>
            <numerusform>Knoten einfügen (%n)</numerusform>
            <numerusform>Knoten einfügen (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move nodes (%n)</source>
        <translation>
            <numerusform>Knoten verschieben (%n)</numerusform>
            <numerusform>Knoten verschieben (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not in this definition any more</source>
        <translation>%1 gehört nicht mehr zu dieser Definition</translation>
    </message>
    <message>
        <source>A task cannot depend on itself</source>
        <translation>Eine Aufgabe kann nicht von sich selbst abhängen</translation>
    </message>
    <message>
        <source>%1 already runs before %2</source>
        <translation>%1 läuft bereits vor %2</translation>
    </message>
    <message>
        <source>Would make a cycle: %1</source>
        <translation>Ergäbe einen Zyklus: %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::DeploymentPanel</name>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Save the settings as one new version (Ctrl+Return)</source>
        <translation>Die Einstellungen als eine neue Version speichern (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>Datum wählen</translation>
    </message>
    <message>
        <source>DAG id</source>
        <translation>DAG-ID</translation>
    </message>
    <message>
        <source>What the pipeline is for</source>
        <translation>Wozu die Pipeline dient</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>none: runs only when triggered</source>
        <translation>keiner: läuft nur, wenn ausgelöst</translation>
    </message>
    <message>
        <source>A cron expression (minute hour day-of-month month day-of-week) or a preset such as @daily</source>
        <translation>Ein Cron-Ausdruck (Minute Stunde Monatstag Monat Wochentag) oder eine Vorgabe wie @daily</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Enddatum</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Run missed intervals</source>
        <translation>Verpasste Intervalle nachholen</translation>
    </message>
    <message>
        <source>When on, the scheduler runs every interval since the start date that has not run yet</source>
        <translation>Wenn aktiv, führt der Scheduler jedes Intervall seit dem Startdatum aus, das noch nicht gelaufen ist</translation>
    </message>
    <message>
        <source>Catchup</source>
        <translation>Catchup</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>not set (0)</source>
        <translation>nicht gesetzt (0)</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>default (300 s)</source>
        <translation>Standard (300 s)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Retry delay</source>
        <translation>Wartezeit vor Wiederholung</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>A task running longer fails; a node&apos;s own timeout overrides it</source>
        <translation>Eine Aufgabe, die länger läuft, schlägt fehl; das Zeitlimit eines Knotens hat Vorrang</translation>
    </message>
    <message>
        <source>Task timeout</source>
        <translation>Zeitlimit je Aufgabe</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>Active runs at most</source>
        <translation>Höchstens aktive Läufe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <source>Add Parameter</source>
        <translation>Parameter hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>Ganzzahl</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>wahr/falsch</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Applied the deployment settings of %1</source>
        <translation>Bereitstellungseinstellungen von %1 übernommen</translation>
    </message>
    <message>
        <source>The deployment settings of %1 were not valid and were not applied: %2</source>
        <translation>Die Bereitstellungseinstellungen von %1 waren ungültig und wurden nicht übernommen: %2</translation>
    </message>
    <message>
        <source>Deployment of %1</source>
        <translation>Bereitstellung von %1</translation>
    </message>
    <message>
        <source>No definition is open.</source>
        <translation>Keine Definition ist geöffnet.</translation>
    </message>
    <message>
        <source>The parameter %1 is there twice</source>
        <translation>Der Parameter %1 ist doppelt vorhanden</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>The default of %1 must be %2</source>
        <translation>Der Standardwert von %1 muss %2 sein</translation>
    </message>
    <message>
        <source>Next runs:</source>
        <translation>Nächste Läufe:</translation>
    </message>
    <message>
        <source>Edit deployment settings</source>
        <translation>Bereitstellungseinstellungen bearbeiten</translation>
    </message>
    <message>
        <source>Saved the deployment settings of %1</source>
        <translation>Bereitstellungseinstellungen von %1 gespeichert</translation>
    </message>
    <message>
        <source>What the generated code needs from Airflow or Dagster before it can run there: the saved version&apos;s connections, variables and pool</source>
        <translation>Was der erzeugte Code von Airflow oder Dagster braucht, bevor er dort laufen kann: Verbindungen, Variablen und Pool der gespeicherten Version</translation>
    </message>
    <message>
        <source>Orchestrator needs</source>
        <translation>Orchestrator braucht</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 ⚠ not a connector of this space</source>
        <translation>%1 ⚠ kein Connector dieses Bereichs</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>Verbindungen: %1</translation>
    </message>
    <message>
        <source>Variables: %1</source>
        <translation>Variablen: %1</translation>
    </message>
    <message>
        <source>Pool: %1</source>
        <translation>Pool: %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::EditorTab</name>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>Compare Side by Side</source>
        <translation>Nebeneinander vergleichen</translation>
    </message>
    <message numerus="yes">
        <source>%1 is a binary file (%n byte(s)); it is not shown as text.</source>
        <translation>
            <numerusform>%1 ist eine Binärdatei (%n Byte); sie wird nicht als Text angezeigt.</numerusform>
            <numerusform>%1 ist eine Binärdatei (%n Bytes); sie wird nicht als Text angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was changed elsewhere since you opened it. Reload it, keep your text, or compare the two.</source>
        <translation>%1 wurde anderswo geändert, seit Sie die Datei geöffnet haben. Laden Sie sie neu, behalten Sie Ihren Text oder vergleichen Sie beide.</translation>
    </message>
    <message>
        <source>Saved %1 to the draft</source>
        <translation>%1 im Entwurf gespeichert</translation>
    </message>
    <message>
        <source>%1: yours and the draft&apos;s</source>
        <translation>%1: Ihre Fassung und die des Entwurfs</translation>
    </message>
    <message>
        <source>Yours (not saved)</source>
        <translation>Ihre (nicht gespeichert)</translation>
    </message>
    <message>
        <source>In the draft now</source>
        <translation>Jetzt im Entwurf</translation>
    </message>
    <message>
        <source>(deleted: %1)</source>
        <translation>(gelöscht: %1)</translation>
    </message>
    <message>
        <source>%1 changed elsewhere and was reloaded</source>
        <translation>%1 wurde anderswo geändert und neu geladen</translation>
    </message>
    <message>
        <source>%1 was deleted elsewhere. Keep your copy to save it again.</source>
        <translation>%1 wurde anderswo gelöscht. Behalten Sie Ihre Kopie, um sie erneut zu speichern.</translation>
    </message>
    <message>
        <source>%1 changed elsewhere while you were editing it. Reload it (your edits are lost), keep yours, or compare the two.</source>
        <translation>%1 wurde anderswo geändert, während Sie die Datei bearbeitet haben. Laden Sie sie neu (Ihre Änderungen gehen verloren), behalten Sie Ihre Fassung oder vergleichen Sie beide.</translation>
    </message>
    <message>
        <source>%1 was deleted elsewhere while you were editing it.</source>
        <translation>%1 wurde anderswo gelöscht, während Sie die Datei bearbeitet haben.</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>Gehe zu Zeile</translation>
    </message>
    <message>
        <source>Line (1 to %1):</source>
        <translation>Zeile (1 bis %1):</translation>
    </message>
</context>
<context>
    <name>pw::ui::ErrorText</name>
    <message>
        <source>Not valid</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>The change would make the pipeline invalid</source>
        <translation>Die Änderung würde die Pipeline ungültig machen</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>Storage error</source>
        <translation>Speicherfehler</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>Zu groß</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
</context>
<context>
    <name>pw::ui::FileTreePanel</name>
    <message>
        <source>Filter files</source>
        <translation>Dateien filtern</translation>
    </message>
    <message>
        <source>Modified in the draft</source>
        <translation>Im Entwurf geändert</translation>
    </message>
    <message>
        <source>Added in the draft</source>
        <translation>Im Entwurf hinzugefügt</translation>
    </message>
    <message>
        <source>Deleted in the draft</source>
        <translation>Im Entwurf gelöscht</translation>
    </message>
    <message>
        <source>Symbolic link (shown, never followed)</source>
        <translation>Symbolischer Link (angezeigt, nie verfolgt)</translation>
    </message>
    <message>
        <source>%1 on %2, no draft changes</source>
        <translation>%1 auf %2, keine Entwurfsänderungen</translation>
    </message>
    <message>
        <source>%1 on %2: %3 modified, %4 added, %5 deleted</source>
        <translation>%1 auf %2: %3 geändert, %4 hinzugefügt, %5 gelöscht</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n file(s)</source>
        <translation>
            <numerusform>%n Datei verschoben</numerusform>
            <numerusform>%n Dateien verschoben</numerusform>
        </translation>
    </message>
    <message>
        <source>New File…</source>
        <translation>Neue Datei…</translation>
    </message>
    <message>
        <source>New File</source>
        <translation>Neue Datei</translation>
    </message>
    <message>
        <source>Path in the repository:</source>
        <translation>Pfad im Repository:</translation>
    </message>
    <message>
        <source>New Folder…</source>
        <translation>Neuer Ordner…</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Neuer Ordner</translation>
    </message>
    <message>
        <source>Folder path in the repository:</source>
        <translation>Ordnerpfad im Repository:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>New path:</source>
        <translation>Neuer Pfad:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete every file in %1 from the draft?</source>
        <translation>Alle Dateien in %1 aus dem Entwurf löschen?</translation>
    </message>
    <message>
        <source>Delete %1 from the draft?</source>
        <translation>%1 aus dem Entwurf löschen?</translation>
    </message>
    <message>
        <source>Reset to Repository</source>
        <translation>Auf Repository zurücksetzen</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Pfad kopieren</translation>
    </message>
</context>
<context>
    <name>pw::ui::FindBar</name>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation>Ganzes Wort</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>Alle ersetzen</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n ersetzt</numerusform>
            <numerusform>%n ersetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
</context>
<context>
    <name>pw::ui::GeneratedCodeTab</name>
    <message>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <source>Airflow</source>
        <translation>Airflow</translation>
    </message>
    <message>
        <source>Dagster</source>
        <translation>Dagster</translation>
    </message>
    <message>
        <source>The definition has errors, so this is the code of its last valid state: %1</source>
        <translation>Die Definition hat Fehler, daher ist dies der Code ihres letzten gültigen Stands: %1</translation>
    </message>
    <message>
        <source>%1 · version %2</source>
        <translation>%1 · Version %2</translation>
    </message>
</context>
<context>
    <name>pw::ui::GraphScene</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>try %1/%2</source>
        <translation>Versuch %1/%2</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>retry after %1</source>
        <translation>Wiederholung nach %1</translation>
    </message>
    <message>
        <source>upstream failed</source>
        <translation>Vorgänger fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
</context>
<context>
    <name>pw::ui::KnownHostsPage</name>
    <message>
        <source>Revoked (operator&apos;s file, line %1)</source>
        <translation>Widerrufen (Datei des Betreibers, Zeile %1)</translation>
    </message>
    <message>
        <source>Trusted (operator&apos;s file, line %1)</source>
        <translation>Vertrauenswürdig (Datei des Betreibers, Zeile %1)</translation>
    </message>
    <message>
        <source>Pending: not trusted</source>
        <translation>Ausstehend: nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>Vertrauenswürdig</translation>
    </message>
    <message>
        <source>Accept…</source>
        <translation>Annehmen…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>SSH host keys of the space “%1”. A connection to a host whose key is not trusted is refused, and the key it met waits here. Accept a key only after comparing its fingerprint with the one the server&apos;s operator gives you. Keys in the operator&apos;s known_hosts file apply to every space.</source>
        <translation>SSH-Hostschlüssel des Bereichs „%1“. Eine Verbindung zu einem Host, dessen Schlüssel nicht vertrauenswürdig ist, wird abgelehnt, und der Schlüssel, auf den sie traf, wartet hier. Nehmen Sie einen Schlüssel erst an, nachdem Sie seinen Fingerabdruck mit dem verglichen haben, den Ihnen der Betreiber des Servers nennt. Schlüssel in der known_hosts-Datei des Betreibers gelten für jeden Bereich.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Key type</source>
        <translation>Schlüsseltyp</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Trust the selected pending key for its host and port</source>
        <translation>Dem ausgewählten ausstehenden Schlüssel für seinen Host und Port vertrauen</translation>
    </message>
    <message>
        <source>Forget the selected key: its host is refused until a key is accepted again</source>
        <translation>Den ausgewählten Schlüssel vergessen: Sein Host wird abgelehnt, bis wieder ein Schlüssel angenommen ist</translation>
    </message>
    <message>
        <source>No SSH host keys yet: the first connection to an ssh:// remote shows its server&apos;s key here.</source>
        <translation>Noch keine SSH-Hostschlüssel: Die erste Verbindung zu einem ssh://-Remote zeigt hier den Schlüssel seines Servers.</translation>
    </message>
    <message>
        <source>Skipped in the operator&apos;s known_hosts file: %1</source>
        <translation>In der known_hosts-Datei des Betreibers übersprungen: %1</translation>
    </message>
    <message>
        <source>Only the space&apos;s admins accept or remove host keys</source>
        <translation>Nur die Admins des Bereichs nehmen Hostschlüssel an oder entfernen sie</translation>
    </message>
    <message>
        <source>Trust this %1 key for %2 (port %3)?

%4

Compare the fingerprint with the one the server&apos;s operator gives you. Connections of this space to the host then go ahead; a different key later is refused.</source>
        <translation>Diesem %1-Schlüssel für %2 (Port %3) vertrauen?

%4

Vergleichen Sie den Fingerabdruck mit dem, den Ihnen der Betreiber des Servers nennt. Verbindungen dieses Bereichs zum Host gehen dann weiter; ein anderer Schlüssel wird später abgelehnt.</translation>
    </message>
    <message>
        <source>Accept SSH host key</source>
        <translation>SSH-Hostschlüssel annehmen</translation>
    </message>
    <message>
        <source>Trusted. Connect the repository again, or wait for its next fetch.</source>
        <translation>Vertrauenswürdig. Verbinden Sie das Repository erneut oder warten Sie auf seinen nächsten Abruf.</translation>
    </message>
    <message>
        <source>Remove the %1 key %2 of %3 (port %4)? Connections to the host are refused until a key is accepted again.</source>
        <translation>Den %1-Schlüssel %2 von %3 (Port %4) entfernen? Verbindungen zum Host werden abgelehnt, bis wieder ein Schlüssel angenommen ist.</translation>
    </message>
    <message>
        <source>Remove SSH host key</source>
        <translation>SSH-Hostschlüssel entfernen</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Entfernt.</translation>
    </message>
</context>
<context>
    <name>pw::ui::LocalRunsPage</name>
    <message>
        <source>Local runs</source>
        <translation>Lokale Läufe</translation>
    </message>
    <message>
        <source>Allow runs without a sandbox</source>
        <translation>Läufe ohne Sandbox erlauben</translation>
    </message>
    <message>
        <source>Bash and Python tasks run in a bubblewrap sandbox: the system read-only, their checkout the only place they write, no view of your home or the data folder.</source>
        <translation>Bash- und Python-Aufgaben laufen in einer Bubblewrap-Sandbox: das System nur lesbar, ihr Checkout der einzige Ort, an dem sie schreiben, kein Blick auf Ihr Home- oder das Datenverzeichnis.</translation>
    </message>
    <message>
        <source>Bubblewrap cannot start here, so runs with bash or Python tasks are refused: %1</source>
        <translation>Bubblewrap kann hier nicht starten, daher werden Läufe mit Bash- oder Python-Aufgaben abgelehnt: %1</translation>
    </message>
    <message>
        <source>Only where bubblewrap cannot start: tasks then see this computer as Pipewright does, the data folder included. A working sandbox is always used. Each change is recorded in the audit log.</source>
        <translation>Nur wo Bubblewrap nicht starten kann: Aufgaben sehen diesen Computer dann wie Pipewright, samt Datenverzeichnis. Eine funktionierende Sandbox wird immer verwendet. Jede Änderung wird im Audit-Log festgehalten.</translation>
    </message>
    <message>
        <source>Only used where bubblewrap cannot start. Unsandboxed tasks can read everything Pipewright can. Recorded in the audit log.</source>
        <translation>Nur verwendet, wo Bubblewrap nicht starten kann. Aufgaben ohne Sandbox können alles lesen, was Pipewright lesen kann. Wird im Audit-Log festgehalten.</translation>
    </message>
    <message>
        <source>This computer&apos;s network</source>
        <translation>Netzwerk dieses Computers</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>Kein Netzwerk</translation>
    </message>
    <message>
        <source>for example 127.0.0.1, api.internal</source>
        <translation>zum Beispiel 127.0.0.1, api.internal</translation>
    </message>
    <message>
        <source>HTTP tasks may reach these hosts even where they are this computer, a private or a link-local address (and, without a network, only these).</source>
        <translation>HTTP-Aufgaben dürfen diese Hosts erreichen, auch wenn sie dieser Computer, eine private oder eine link-lokale Adresse sind (und ohne Netzwerk nur diese).</translation>
    </message>
    <message>
        <source>Network of the tasks</source>
        <translation>Netzwerk der Aufgaben</translation>
    </message>
    <message>
        <source>HTTP tasks may also reach</source>
        <translation>HTTP-Aufgaben dürfen auch erreichen</translation>
    </message>
</context>
<context>
    <name>pw::ui::MainWindow</name>
    <message>
        <source>Copy token</source>
        <translation>Token kopieren</translation>
    </message>
    <message>
        <source>Navigator</source>
        <translation>Navigator</translation>
    </message>
    <message>
        <source>Node catalog</source>
        <translation>Knotenkatalog</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>New Workspace…</source>
        <translation>Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <source>New Definition…</source>
        <translation>Neue Definition…</translation>
    </message>
    <message>
        <source>Export Graph as PNG…</source>
        <translation>Graph als PNG exportieren…</translation>
    </message>
    <message>
        <source>Export Graph as SVG…</source>
        <translation>Graph als SVG exportieren…</translation>
    </message>
    <message>
        <source>Close Tab</source>
        <translation>Tab schließen</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Ausschneiden</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Rename Node…</source>
        <translation>Knoten umbenennen…</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>Select Upstream</source>
        <translation>Vorgänger auswählen</translation>
    </message>
    <message>
        <source>Select Downstream</source>
        <translation>Nachfolger auswählen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Command Palette…</source>
        <translation>Befehlspalette…</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Fit to View</source>
        <translation>In Ansicht einpassen</translation>
    </message>
    <message>
        <source>Spec Source</source>
        <translation>Spec-Quelltext</translation>
    </message>
    <message>
        <source>&amp;Definition</source>
        <translation>&amp;Definition</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>Add %1 Node</source>
        <translation>Knoten „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>Auto Layout, Left to Right</source>
        <translation>Automatisches Layout, von links nach rechts</translation>
    </message>
    <message>
        <source>Auto Layout, Top to Bottom</source>
        <translation>Automatisches Layout, von oben nach unten</translation>
    </message>
    <message>
        <source>Auto Layout Keeping Selected Nodes in Place</source>
        <translation>Automatisches Layout, ausgewählte Knoten bleiben an ihrem Platz</translation>
    </message>
    <message>
        <source>Compare with Previous Version</source>
        <translation>Mit vorheriger Version vergleichen</translation>
    </message>
    <message>
        <source>Rename Definition…</source>
        <translation>Definition umbenennen…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Archivieren…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Copy API Address</source>
        <translation>API-Adresse kopieren</translation>
    </message>
    <message>
        <source>About Pipewright</source>
        <translation>Über Pipewright</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pipewright %1&lt;/b&gt;&lt;p&gt;An IDE for authoring data pipelines.&lt;/p&gt;&lt;p&gt;Data: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;Pipewright %1&lt;/b&gt;&lt;p&gt;Eine IDE zum Erstellen von Datenpipelines.&lt;/p&gt;&lt;p&gt;Daten: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 in space %2</source>
        <translation>%1 im Bereich %2</translation>
    </message>
    <message>
        <source>%1 (source)</source>
        <translation>%1 (Quelltext)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 — Pipewright</source>
        <translation>%1 — Pipewright</translation>
    </message>
    <message>
        <source>Pipewright</source>
        <translation>Pipewright</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>The API server did not start: %1</source>
        <translation>Der API-Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>API server off</source>
        <translation>API-Server aus</translation>
    </message>
    <message>
        <source>The REST API of this data directory; requests need a token</source>
        <translation>Die REST-API dieses Datenverzeichnisses; Anfragen brauchen ein Token</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Export as SVG</source>
        <translation>Als SVG exportieren</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>Als PNG exportieren</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>Nicht übernommene Änderungen</translation>
    </message>
    <message>
        <source>%1 has changes that are not applied. Apply them before closing?</source>
        <translation>%1 hat Änderungen, die nicht übernommen sind. Vor dem Schließen übernehmen?</translation>
    </message>
    <message>
        <source>Search node types</source>
        <translation>Knotentypen suchen</translation>
    </message>
    <message>
        <source>Minimap</source>
        <translation>Übersichtskarte</translation>
    </message>
    <message>
        <source>graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Save File</source>
        <translation>Datei speichern</translation>
    </message>
    <message>
        <source>Commit Drafts to Branch…</source>
        <translation>Entwürfe auf Branch committen…</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Ersetzen…</translation>
    </message>
    <message>
        <source>Go to Line…</source>
        <translation>Gehe zu Zeile…</translation>
    </message>
    <message>
        <source>Search in Files…</source>
        <translation>In Dateien suchen…</translation>
    </message>
    <message>
        <source>Open Code of Node</source>
        <translation>Code des Knotens öffnen</translation>
    </message>
    <message>
        <source>%1 — draft of %2</source>
        <translation>%1 — Entwurf von %2</translation>
    </message>
    <message>
        <source>Select one node to open its code</source>
        <translation>Wählen Sie einen Knoten aus, um seinen Code zu öffnen</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Select one or more nodes first.</source>
        <translation>Wählen Sie zuerst einen oder mehrere Knoten aus.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Run from Here</source>
        <translation>Ab hier ausführen</translation>
    </message>
    <message>
        <source>Run Selected</source>
        <translation>Auswahl ausführen</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Re-run Failed Tasks</source>
        <translation>Fehlgeschlagene Aufgaben erneut ausführen</translation>
    </message>
    <message>
        <source>Generated Code</source>
        <translation>Generierter Code</translation>
    </message>
    <message>
        <source>%1 (generated)</source>
        <translation>%1 (generiert)</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Bereitstellung</translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation>Veröffentlichen…</translation>
    </message>
    <message>
        <source>Deployment Settings</source>
        <translation>Bereitstellungseinstellungen</translation>
    </message>
    <message>
        <source>Published; the merge request is open</source>
        <translation>Veröffentlicht; der Merge-Request ist offen</translation>
    </message>
    <message>
        <source>Copy this window session&apos;s API token to the clipboard (made on first use)</source>
        <translation>Das API-Token dieser Fenstersitzung in die Zwischenablage kopieren (beim ersten Mal erstellt)</translation>
    </message>
    <message>
        <source>API tokens</source>
        <translation>API-Tokens</translation>
    </message>
    <message>
        <source>Copy API Token</source>
        <translation>API-Token kopieren</translation>
    </message>
    <message>
        <source>This window session&apos;s API token is on the clipboard.</source>
        <translation>Das API-Token dieser Fenstersitzung liegt in der Zwischenablage.</translation>
    </message>
    <message>
        <source>A new API token for this window session is on the clipboard; it is valid for 30 days. Settings → API tokens lists and revokes tokens.</source>
        <translation>Ein neues API-Token für diese Fenstersitzung liegt in der Zwischenablage; es gilt 30 Tage. Einstellungen → API-Tokens listet und widerruft Tokens.</translation>
    </message>
    <message>
        <source>Local runs</source>
        <translation>Lokale Läufe</translation>
    </message>
    <message>
        <source>An SSH connection was refused: the server&apos;s host key is not trusted yet. Settings → Known hosts shows its fingerprint.</source>
        <translation>Eine SSH-Verbindung wurde abgelehnt: Dem Hostschlüssel des Servers wird noch nicht vertraut. Einstellungen → Bekannte Hosts zeigt seinen Fingerabdruck.</translation>
    </message>
    <message>
        <source>Known hosts</source>
        <translation>Bekannte Hosts</translation>
    </message>
</context>
<context>
    <name>pw::ui::Minimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>Übersicht: klicken oder ziehen, um die Ansicht zu verschieben</translation>
    </message>
</context>
<context>
    <name>pw::ui::NavigatorPanel</name>
    <message>
        <source>Filter definitions</source>
        <translation>Definitionen filtern</translation>
    </message>
    <message>
        <source>Space %1</source>
        <translation>Bereich %1</translation>
    </message>
    <message>
        <source>Shared workspace</source>
        <translation>Geteilter Arbeitsbereich</translation>
    </message>
    <message>
        <source>Private workspace</source>
        <translation>Privater Arbeitsbereich</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>Neuer Arbeitsbereich</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>New definition</source>
        <translation>Neue Definition</translation>
    </message>
    <message>
        <source>Select the workspace the definition belongs to.</source>
        <translation>Wählen Sie den Arbeitsbereich, zu dem die Definition gehört.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archivieren</translation>
    </message>
    <message>
        <source>Archive the workspace “%1”? Its definitions stay readable but can no longer change.</source>
        <translation>Arbeitsbereich „%1“ archivieren? Seine Definitionen bleiben lesbar, können sich aber nicht mehr ändern.</translation>
    </message>
    <message>
        <source>Archive the definition “%1”? It stays readable but can no longer change.</source>
        <translation>Definition „%1“ archivieren? Sie bleibt lesbar, kann sich aber nicht mehr ändern.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>New workspace…</source>
        <translation>Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <source>New definition…</source>
        <translation>Neue Definition…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Archivieren…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message numerus="yes">
        <source>%1 · version %2 · nodes: %n</source>
        <translation>
            <numerusform>%1 · Version %2 · Knoten: %n</numerusform>
            <numerusform>%1 · Version %2 · Knoten: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::ProblemsPanel</name>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
</context>
<context>
    <name>pw::ui::PropertiesPanel</name>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Save the changes as one new version (Ctrl+Return)</source>
        <translation>Änderungen als eine neue Version speichern (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>No definition is open.</source>
        <translation>Keine Definition ist geöffnet.</translation>
    </message>
    <message>
        <source>Select a node to see its properties.</source>
        <translation>Wählen Sie einen Knoten, um seine Eigenschaften zu sehen.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Other fields</source>
        <translation>Weitere Felder</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a JSON object</source>
        <translation>%1 muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message numerus="yes">
        <source>Nodes selected: %n.</source>
        <translation>
            <numerusform>Ausgewählte Knoten: %n.</numerusform>
            <numerusform>Ausgewählte Knoten: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied the changes to %1</source>
        <translation>Änderungen an %1 übernommen</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>Nicht übernommene Änderungen</translation>
    </message>
    <message>
        <source>The changes to %1 are not valid:
%2

Keep editing them?</source>
        <translation>Die Änderungen an %1 sind nicht gültig:
%2

Weiter bearbeiten?</translation>
    </message>
    <message>
        <source>%1 connector</source>
        <translation>%1-Connector</translation>
    </message>
    <message>
        <source>This space has no connector named %1: a local run cannot use it</source>
        <translation>Dieser Bereich hat keinen Connector namens %1: ein lokaler Lauf kann ihn nicht nutzen</translation>
    </message>
</context>
<context>
    <name>pw::ui::PublishDialog</name>
    <message>
        <source>Stop when a check fails</source>
        <translation>Anhalten, wenn eine Prüfung fehlschlägt</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>no repository</source>
        <translation>kein Repository</translation>
    </message>
    <message>
        <source>Publishes version %1 of %2 as one commit (drafts, spec and generated code) on a branch of %3, and opens a merge request into %4.</source>
        <translation>Veröffentlicht Version %1 von %2 als einen Commit (Entwürfe, Spezifikation und erzeugter Code) auf einem Branch von %3 und öffnet einen Merge-Request nach %4.</translation>
    </message>
    <message>
        <source>the base branch</source>
        <translation>den Basis-Branch</translation>
    </message>
    <message>
        <source>Publish %1 version %2</source>
        <translation>%1 Version %2 veröffentlichen</translation>
    </message>
    <message>
        <source>What the reviewer should know</source>
        <translation>Was die Prüfenden wissen sollten</translation>
    </message>
    <message>
        <source>When off, a failed check is reported and the publish goes on</source>
        <translation>Wenn aus, wird eine fehlgeschlagene Prüfung gemeldet und die Veröffentlichung geht weiter</translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation>Branch:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>The reviewed version is the current one</source>
        <translation>Die geprüfte Version ist die aktuelle</translation>
    </message>
    <message>
        <source>The spec validates</source>
        <translation>Die Spezifikation ist gültig</translation>
    </message>
    <message>
        <source>It compiles for %1</source>
        <translation>Sie lässt sich für %1 übersetzen</translation>
    </message>
    <message>
        <source>The generated Python parses</source>
        <translation>Der erzeugte Python-Code ist syntaktisch korrekt</translation>
    </message>
    <message>
        <source>Commit on the branch</source>
        <translation>Commit auf dem Branch</translation>
    </message>
    <message>
        <source>Push to the remote</source>
        <translation>Push zum Remote</translation>
    </message>
    <message>
        <source>Open the merge request</source>
        <translation>Merge-Request öffnen</translation>
    </message>
    <message>
        <source>no remote: the branch stays in the local repository</source>
        <translation>kein Remote: der Branch bleibt im lokalen Repository</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Cancelled: nothing was committed.</source>
        <translation>Abgebrochen: nichts wurde committet.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>pushed</source>
        <translation>gepusht</translation>
    </message>
    <message>
        <source>Merge request #%1</source>
        <translation>Merge-Request #%1</translation>
    </message>
    <message>
        <source>Merge request</source>
        <translation>Merge-Request</translation>
    </message>
    <message>
        <source>Published. &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; into %3 is open for review.</source>
        <translation>Veröffentlicht. &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; nach %3 ist zur Prüfung offen.</translation>
    </message>
    <message>
        <source>kept in Pipewright (the repository has no forge)</source>
        <translation>in Pipewright geführt (das Repository hat keine Forge)</translation>
    </message>
    <message>
        <source>Published. The branch %1 waits for review in Pipewright; merging it into %2 (Git merge) closes merge request %3.</source>
        <translation>Veröffentlicht. Der Branch %1 wartet in Pipewright auf Prüfung; ihn nach %2 zu mergen (Git-Merge) schließt Merge-Request %3.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>A check failed, so nothing was committed. Fix what it says and publish again, or publish without stopping at failed checks.</source>
        <translation>Eine Prüfung ist fehlgeschlagen, daher wurde nichts committet. Beheben Sie, was sie meldet, und veröffentlichen Sie erneut, oder veröffentlichen Sie, ohne bei fehlgeschlagenen Prüfungen anzuhalten.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weitere</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft edits: %1</source>
        <translation>Entwurfsänderungen: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Generated code: %1</source>
        <translation>Erzeugter Code: %1</translation>
    </message>
    <message>
        <source>none (the spec does not compile)</source>
        <translation>keiner (die Spezifikation lässt sich nicht übersetzen)</translation>
    </message>
</context>
<context>
    <name>pw::ui::RunsPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Re-run Failed</source>
        <translation>Fehlgeschlagene erneut</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Select a task to see its log.</source>
        <translation>Wählen Sie eine Aufgabe, um ihr Protokoll zu sehen.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>Run started: %n task(s)</source>
        <translation>
            <numerusform>Lauf gestartet: %n Aufgabe</numerusform>
            <numerusform>Lauf gestartet: %n Aufgaben</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling the run…</source>
        <translation>Der Lauf wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>pw::ui::SearchPanel</name>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung</translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation>Ganzes Wort</translation>
    </message>
    <message>
        <source>Search in files (Enter)</source>
        <translation>In Dateien suchen (Eingabe)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>first %n result(s)</source>
        <translation>
            <numerusform>erstes %n Ergebnis</numerusform>
            <numerusform>erste %n Ergebnisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message numerus="yes">
        <source>first %n result(s); the pattern is too costly to search on</source>
        <translation>
            <numerusform>erstes %n Ergebnis; das Muster ist zu aufwendig, um weiterzusuchen</numerusform>
            <numerusform>erste %n Ergebnisse; das Muster ist zu aufwendig, um weiterzusuchen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::SettingsDialog</name>
    <message>
        <source>Serve the REST API while the window is open</source>
        <translation>REST-API bereitstellen, solange das Fenster offen ist</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The server listens on 127.0.0.1 only. Every request needs a token (the status bar copies this window session&apos;s).</source>
        <translation>Der Server lauscht nur auf 127.0.0.1. Jede Anfrage braucht ein Token (die Statusleiste kopiert das dieser Fenstersitzung).</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
</context>
<context>
    <name>pw::ui::SourceTab</name>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Replace the text with the current definition</source>
        <translation>Den Text durch die aktuelle Definition ersetzen</translation>
    </message>
    <message>
        <source>Validate and save as one new version (Ctrl+Return)</source>
        <translation>Prüfen und als eine neue Version speichern (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>The definition is now at version %1, changed since you started editing. Apply saves your text over it; Reload discards your edits.</source>
        <translation>Die Definition ist jetzt bei Version %1 und hat sich geändert, seit Sie mit dem Bearbeiten begonnen haben. Übernehmen speichert Ihren Text darüber; Neu laden verwirft Ihre Änderungen.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>The text does not parse; nothing was saved.</source>
        <translation>Der Text lässt sich nicht lesen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>Warning: </source>
        <translation>Warnung: </translation>
    </message>
    <message>
        <source>The spec has problems; nothing was saved.</source>
        <translation>Die Spec hat Probleme; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>Edit source</source>
        <translation>Quelltext bearbeiten</translation>
    </message>
    <message>
        <source>Saved version %1</source>
        <translation>Version %1 gespeichert</translation>
    </message>
    <message>
        <source>No changes to save</source>
        <translation>Keine Änderungen zu speichern</translation>
    </message>
</context>
<context>
    <name>pw::ui::VersionsPanel</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Wiederherstellen…</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Compare the selected version with the current one, or two selected versions</source>
        <translation>Die ausgewählte Version mit der aktuellen vergleichen, oder zwei ausgewählte Versionen</translation>
    </message>
    <message>
        <source>Append a new version equal to the selected one</source>
        <translation>Eine neue Version anhängen, die der ausgewählten gleicht</translation>
    </message>
    <message>
        <source>Current version</source>
        <translation>Aktuelle Version</translation>
    </message>
    <message>
        <source>Compare the two</source>
        <translation>Die beiden vergleichen</translation>
    </message>
    <message>
        <source>Compare with current</source>
        <translation>Mit aktueller vergleichen</translation>
    </message>
    <message>
        <source>Restore version</source>
        <translation>Version wiederherstellen</translation>
    </message>
    <message>
        <source>Restore version %1? A new version equal to it is added; no version is lost.</source>
        <translation>Version %1 wiederherstellen? Eine neue, gleiche Version wird angehängt; keine Version geht verloren.</translation>
    </message>
    <message>
        <source>Restored version %1</source>
        <translation>Version %1 wiederhergestellt</translation>
    </message>
</context>
</TS>
