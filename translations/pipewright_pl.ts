<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ScheduleText</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 i %2</translation>
    </message>
    <message>
        <source>any</source>
        <translation>dowolny</translation>
    </message>
    <message>
        <source>every %1 from %2 to %3</source>
        <translation>co %1 od %2 do %3</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>the last day</source>
        <translation>ostatni dzień</translation>
    </message>
    <message>
        <source>the first %1</source>
        <translation>pierwszy dzień: %1</translation>
    </message>
    <message>
        <source>the second %1</source>
        <translation>drugi dzień: %1</translation>
    </message>
    <message>
        <source>the third %1</source>
        <translation>trzeci dzień: %1</translation>
    </message>
    <message>
        <source>the fourth %1</source>
        <translation>czwarty dzień: %1</translation>
    </message>
    <message>
        <source>the fifth %1</source>
        <translation>piąty dzień: %1</translation>
    </message>
    <message>
        <source>the last %1</source>
        <translation>ostatni dzień: %1</translation>
    </message>
    <message>
        <source>At %1</source>
        <translation>O %1</translation>
    </message>
    <message>
        <source>Every minute</source>
        <translation>Co minutę</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>Co minutę</numerusform>
            <numerusform>Co %n minuty</numerusform>
            <numerusform>Co %n minut</numerusform>
        </translation>
    </message>
    <message>
        <source>At minute %1 of every hour</source>
        <translation>W minucie %1 każdej godziny</translation>
    </message>
    <message numerus="yes">
        <source>Every %n hour(s), at minute %1</source>
        <translation>
            <numerusform>Co godzinę, w minucie %1</numerusform>
            <numerusform>Co %n godziny, w minucie %1</numerusform>
            <numerusform>Co %n godzin, w minucie %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Every hour from %1 to %2</source>
        <translation>Co godzinę od %1 do %2</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s) from %1 to %2</source>
        <translation>
            <numerusform>Co minutę od %1 do %2</numerusform>
            <numerusform>Co %n minuty od %1 do %2</numerusform>
            <numerusform>Co %n minut od %1 do %2</numerusform>
        </translation>
    </message>
    <message>
        <source>At minute %1 past hour %2</source>
        <translation>W minucie %1 godziny %2</translation>
    </message>
    <message>
        <source>on the last day of the month</source>
        <translation>w ostatni dzień miesiąca</translation>
    </message>
    <message numerus="yes">
        <source>on day(s) %1 of the month</source>
        <translation>
            <numerusform>w dniu %1 miesiąca</numerusform>
            <numerusform>w dniach %1 miesiąca</numerusform>
            <numerusform>w dniach %1 miesiąca</numerusform>
        </translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>w dni: %1</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>codziennie</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 lub %2</translation>
    </message>
    <message>
        <source>Not scheduled: runs only when triggered.</source>
        <translation>Bez harmonogramu: uruchamiany tylko ręcznie.</translation>
    </message>
    <message>
        <source>Not a schedule: %1</source>
        <translation>Niepoprawny harmonogram: %1</translation>
    </message>
    <message>
        <source>Once, at the start date.</source>
        <translation>Raz, w dniu rozpoczęcia.</translation>
    </message>
    <message>
        <source>Continuously: each run starts when the one before ends.</source>
        <translation>Ciągle: każde uruchomienie zaczyna się po zakończeniu poprzedniego.</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>w miesiącach: %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::ApiTokensPage</name>
    <message>
        <source>Revoke…</source>
        <translation>Unieważnij…</translation>
    </message>
    <message>
        <source>API tokens let tools call the REST API as you. A revoked token is refused from its next request. Last use is recorded to the minute.</source>
        <translation>Tokeny API pozwalają narzędziom wywoływać REST API w Twoim imieniu. Unieważniony token jest odrzucany od następnego żądania. Ostatnie użycie jest zapisywane z dokładnością do minuty.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Utworzono</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Ostatnio użyty</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Wygasa</translation>
    </message>
    <message>
        <source>Revoke “%1”? It is this window session&apos;s token: tools using it are refused from their next request, and Copy token makes a new one.</source>
        <translation>Unieważnić „%1”? To token tej sesji okna: narzędzia, które go używają, zostaną odrzucone od następnego żądania, a „Kopiuj token” utworzy nowy.</translation>
    </message>
    <message>
        <source>Revoke “%1”? Tools using it are refused from their next request.</source>
        <translation>Unieważnić „%1”? Narzędzia, które go używają, zostaną odrzucone od następnego żądania.</translation>
    </message>
    <message>
        <source>Revoke API token</source>
        <translation>Unieważnij token API</translation>
    </message>
    <message>
        <source>%1 (this window)</source>
        <translation>%1 (to okno)</translation>
    </message>
    <message>
        <source>The token Copy token puts on the clipboard</source>
        <translation>Token, który „Kopiuj token” umieszcza w schowku</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nigdy</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>wygasł %1</translation>
    </message>
    <message>
        <source>You have no API tokens.</source>
        <translation>Nie masz tokenów API.</translation>
    </message>
    <message>
        <source>Revoked “%1”.</source>
        <translation>Unieważniono „%1”.</translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangeSummary</name>
    <message>
        <source>name</source>
        <translation>nazwa</translation>
    </message>
    <message>
        <source>description</source>
        <translation>opis</translation>
    </message>
    <message>
        <source>target</source>
        <translation>cel</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>obszar roboczy</translation>
    </message>
    <message>
        <source>repository</source>
        <translation>repozytorium</translation>
    </message>
    <message>
        <source>spec</source>
        <translation>specyfikacja</translation>
    </message>
    <message>
        <source>create definition</source>
        <translation>utworzono definicję</translation>
    </message>
    <message>
        <source>restore version %1</source>
        <translation>przywrócono wersję %1</translation>
    </message>
    <message>
        <source>update %1</source>
        <translation>zmieniono: %1</translation>
    </message>
    <message>
        <source>add node %1</source>
        <translation>dodano węzeł %1</translation>
    </message>
    <message numerus="yes">
        <source>add %n node(s)</source>
        <translation>
            <numerusform>dodano %n węzeł</numerusform>
            <numerusform>dodano %n węzły</numerusform>
            <numerusform>dodano %n węzłów</numerusform>
        </translation>
    </message>
    <message>
        <source>remove node %1</source>
        <translation>usunięto węzeł %1</translation>
    </message>
    <message numerus="yes">
        <source>remove %n node(s)</source>
        <translation>
            <numerusform>usunięto %n węzeł</numerusform>
            <numerusform>usunięto %n węzły</numerusform>
            <numerusform>usunięto %n węzłów</numerusform>
        </translation>
    </message>
    <message>
        <source>update node %1</source>
        <translation>zmieniono węzeł %1</translation>
    </message>
    <message numerus="yes">
        <source>update %n node(s)</source>
        <translation>
            <numerusform>zmieniono %n węzeł</numerusform>
            <numerusform>zmieniono %n węzły</numerusform>
            <numerusform>zmieniono %n węzłów</numerusform>
        </translation>
    </message>
    <message>
        <source>add dependency %1 → %2</source>
        <translation>dodano zależność %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>add %n dependency(s)</source>
        <translation>
            <numerusform>dodano %n zależność</numerusform>
            <numerusform>dodano %n zależności</numerusform>
            <numerusform>dodano %n zależności</numerusform>
        </translation>
    </message>
    <message>
        <source>remove dependency %1 → %2</source>
        <translation>usunięto zależność %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>remove %n dependency(s)</source>
        <translation>
            <numerusform>usunięto %n zależność</numerusform>
            <numerusform>usunięto %n zależności</numerusform>
            <numerusform>usunięto %n zależności</numerusform>
        </translation>
    </message>
    <message>
        <source>replace dependencies</source>
        <translation>zastąpiono zależności</translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangesPanel</name>
    <message>
        <source>Reset File</source>
        <translation>Przywróć plik</translation>
    </message>
    <message>
        <source>Commit to Branch…</source>
        <translation>Zatwierdź w gałęzi…</translation>
    </message>
    <message>
        <source>Drop the draft&apos;s change to this file: the repository&apos;s content again</source>
        <translation>Odrzuć zmianę szkicu w tym pliku: znów treść z repozytorium</translation>
    </message>
    <message>
        <source>Write the drafts and the pipeline&apos;s spec as one commit on a branch</source>
        <translation>Zapisz szkice i specyfikację potoku jako jeden commit w gałęzi</translation>
    </message>
    <message>
        <source>Open a definition to see its draft changes.</source>
        <translation>Otwórz definicję, aby zobaczyć zmiany jej szkicu.</translation>
    </message>
    <message>
        <source>(The diff is too large to show in full here.)</source>
        <translation>(Różnica jest zbyt duża, by pokazać ją tu w całości.)</translation>
    </message>
    <message>
        <source>  (spec, written on commit)</source>
        <translation>  (specyfikacja, zapisywana przy commicie)</translation>
    </message>
    <message>
        <source>Binary file: %1 → %2</source>
        <translation>Plik binarny: %1 → %2</translation>
    </message>
    <message>
        <source>No draft changes on %1</source>
        <translation>Brak zmian szkicu na %1</translation>
    </message>
    <message numerus="yes">
        <source>%n changed file(s) over %1</source>
        <translation>
            <numerusform>%n zmieniony plik względem %1</numerusform>
            <numerusform>%n zmienione pliki względem %1</numerusform>
            <numerusform>%n zmienionych plików względem %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %n file(s) to %1 as %2</source>
        <translation>
            <numerusform>Zatwierdzono %n plik w %1 jako %2</numerusform>
            <numerusform>Zatwierdzono %n pliki w %1 jako %2</numerusform>
            <numerusform>Zatwierdzono %n plików w %1 jako %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Commit to Branch</source>
        <translation>Zatwierdź w gałęzi</translation>
    </message>
    <message>
        <source>What changed and why</source>
        <translation>Co się zmieniło i dlaczego</translation>
    </message>
    <message>
        <source>Branch (new or existing):</source>
        <translation>Gałąź (nowa lub istniejąca):</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Opis:</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Zatwierdź</translation>
    </message>
</context>
<context>
    <name>pw::ui::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Paleta poleceń</translation>
    </message>
    <message>
        <source>Type a command</source>
        <translation>Wpisz polecenie</translation>
    </message>
</context>
<context>
    <name>pw::ui::CompareTab</name>
    <message>
        <source>The versions could not be read.</source>
        <translation>Nie udało się odczytać wersji.</translation>
    </message>
    <message>
        <source>v%1 ↔ v%2</source>
        <translation>v%1 ↔ v%2</translation>
    </message>
    <message>
        <source>v%1 ↔ current</source>
        <translation>v%1 ↔ bieżąca</translation>
    </message>
    <message>
        <source>deployment changed</source>
        <translation>zmieniono wdrożenie</translation>
    </message>
    <message>
        <source>metadata changed</source>
        <translation>zmieniono metadane</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Wersja %1</translation>
    </message>
    <message>
        <source>Current (version %1)</source>
        <translation>Bieżąca (wersja %1)</translation>
    </message>
    <message numerus="yes">
        <source>nodes added: %n</source>
        <translation>
            <numerusform>dodane węzły: %n</numerusform>
            <numerusform>dodane węzły: %n</numerusform>
            <numerusform>dodane węzły: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed: %n</source>
        <translation>
            <numerusform>usunięte: %n</numerusform>
            <numerusform>usunięte: %n</numerusform>
            <numerusform>usunięte: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>changed: %n</source>
        <translation>
            <numerusform>zmienione: %n</numerusform>
            <numerusform>zmienione: %n</numerusform>
            <numerusform>zmienione: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>dependencies added: %n</source>
        <translation>
            <numerusform>dodane zależności: %n</numerusform>
            <numerusform>dodane zależności: %n</numerusform>
            <numerusform>dodane zależności: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a node to see what changed in it.</source>
        <translation>Wybierz węzeł, aby zobaczyć, co się w nim zmieniło.</translation>
    </message>
    <message>
        <source>the texts are too large to show side by side</source>
        <translation>teksty są zbyt duże, by pokazać je obok siebie</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: added since version %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: dodany od wersji %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: removed since version %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: usunięty od wersji %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: changed — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: zmieniony — %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: unchanged</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: bez zmian</translation>
    </message>
</context>
<context>
    <name>pw::ui::DefinitionDocument</name>
    <message>
        <source>Edit source</source>
        <translation>Edycja źródła</translation>
    </message>
    <message>
        <source>Restore version</source>
        <translation>Przywróć wersję</translation>
    </message>
</context>
<context>
    <name>pw::ui::DefinitionTab</name>
    <message>
        <source>Find a node by id or label (Ctrl+F)</source>
        <translation>Znajdź węzeł po identyfikatorze lub etykiecie (Ctrl+F)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Pomniejsz (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+=)</source>
        <translation>Powiększ (Ctrl+=)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Dopasuj</translation>
    </message>
    <message>
        <source>Fit the graph in the view (Ctrl+0)</source>
        <translation>Dopasuj graf do widoku (Ctrl+0)</translation>
    </message>
    <message>
        <source>Add node %1</source>
        <translation>Dodaj węzeł %1</translation>
    </message>
    <message>
        <source>Connect %1 → %2</source>
        <translation>Połącz %1 → %2</translation>
    </message>
    <message>
        <source>Delete node %1</source>
        <translation>Usuń węzeł %1</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>Zmień nazwę %1</translation>
    </message>
    <message>
        <source>Rename node</source>
        <translation>Zmień nazwę węzła</translation>
    </message>
    <message>
        <source>Label of %1:</source>
        <translation>Etykieta %1:</translation>
    </message>
    <message>
        <source>Auto layout</source>
        <translation>Automatyczny układ</translation>
    </message>
    <message>
        <source>No node matches “%1”</source>
        <translation>Żaden węzeł nie pasuje do „%1”</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>Przesuń %1</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Właściwości</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Select upstream</source>
        <translation>Zaznacz poprzedników</translation>
    </message>
    <message>
        <source>Select downstream</source>
        <translation>Zaznacz następców</translation>
    </message>
    <message>
        <source>Add node</source>
        <translation>Dodaj węzeł</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Wklej</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Zaznacz wszystko</translation>
    </message>
    <message>
        <source>Auto layout, left to right</source>
        <translation>Automatyczny układ, od lewej do prawej</translation>
    </message>
    <message>
        <source>Auto layout, top to bottom</source>
        <translation>Automatyczny układ, z góry na dół</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>Dopasuj do widoku</translation>
    </message>
    <message numerus="yes">
        <source>Delete dependencies (%n)</source>
        <translation>
            <numerusform>Usuń zależność (%n)</numerusform>
            <numerusform>Usuń zależności (%n)</numerusform>
            <numerusform>Usuń zależności (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete nodes (%n)</source>
        <translation>
            <numerusform>Usuń węzeł (%n)</numerusform>
            <numerusform>Usuń węzły (%n)</numerusform>
            <numerusform>Usuń węzły (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied nodes: %n</source>
        <translation>
            <numerusform>Skopiowane węzły: %n</numerusform>
            <numerusform>Skopiowane węzły: %n</numerusform>
            <numerusform>Skopiowane węzły: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paste nodes (%n)</source>
        <translation>
            <numerusform>Wklej węzeł (%n)</numerusform>
            <numerusform>Wklej węzły (%n)</numerusform>
            <numerusform>Wklej węzły (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move nodes (%n)</source>
        <translation>
            <numerusform>Przesuń węzeł (%n)</numerusform>
            <numerusform>Przesuń węzły (%n)</numerusform>
            <numerusform>Przesuń węzły (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not in this definition any more</source>
        <translation>%1 nie należy już do tej definicji</translation>
    </message>
    <message>
        <source>A task cannot depend on itself</source>
        <translation>Zadanie nie może zależeć od samego siebie</translation>
    </message>
    <message>
        <source>%1 already runs before %2</source>
        <translation>%1 już działa przed %2</translation>
    </message>
    <message>
        <source>Would make a cycle: %1</source>
        <translation>Powstałby cykl: %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::DeploymentPanel</name>
    <message>
        <source>Apply</source>
        <translation>Zastosuj</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Przywróć</translation>
    </message>
    <message>
        <source>Save the settings as one new version (Ctrl+Return)</source>
        <translation>Zapisz ustawienia jako jedną nową wersję (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>RRRR-MM-DD</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>Wybierz datę</translation>
    </message>
    <message>
        <source>DAG id</source>
        <translation>Identyfikator DAG</translation>
    </message>
    <message>
        <source>What the pipeline is for</source>
        <translation>Do czego służy potok</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Opis</translation>
    </message>
    <message>
        <source>none: runs only when triggered</source>
        <translation>brak: uruchamiany tylko ręcznie</translation>
    </message>
    <message>
        <source>A cron expression (minute hour day-of-month month day-of-week) or a preset such as @daily</source>
        <translation>Wyrażenie cron (minuta godzina dzień-miesiąca miesiąc dzień-tygodnia) lub gotowe ustawienie, np. @daily</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Harmonogram</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Data rozpoczęcia</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Data zakończenia</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Strefa czasowa</translation>
    </message>
    <message>
        <source>Run missed intervals</source>
        <translation>Nadrabiaj pominięte interwały</translation>
    </message>
    <message>
        <source>When on, the scheduler runs every interval since the start date that has not run yet</source>
        <translation>Gdy włączone, harmonogram uruchamia każdy interwał od daty rozpoczęcia, który jeszcze się nie odbył</translation>
    </message>
    <message>
        <source>Catchup</source>
        <translation>Nadrabianie</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Właściciel</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>oddzielone przecinkami</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tagi</translation>
    </message>
    <message>
        <source>not set (0)</source>
        <translation>nie ustawiono (0)</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Ponowienia</translation>
    </message>
    <message>
        <source>default (300 s)</source>
        <translation>domyślnie (300 s)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Retry delay</source>
        <translation>Opóźnienie ponowienia</translation>
    </message>
    <message>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>A task running longer fails; a node&apos;s own timeout overrides it</source>
        <translation>Zadanie działające dłużej kończy się błędem; limit węzła ma pierwszeństwo</translation>
    </message>
    <message>
        <source>Task timeout</source>
        <translation>Limit czasu zadania</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nie ustawiono</translation>
    </message>
    <message>
        <source>Active runs at most</source>
        <translation>Najwyżej aktywnych uruchomień</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Wartość domyślna</translation>
    </message>
    <message>
        <source>Add Parameter</source>
        <translation>Dodaj parametr</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametry</translation>
    </message>
    <message>
        <source>text</source>
        <translation>tekst</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>liczba całkowita</translation>
    </message>
    <message>
        <source>number</source>
        <translation>liczba</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>prawda/fałsz</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Applied the deployment settings of %1</source>
        <translation>Zastosowano ustawienia wdrożenia %1</translation>
    </message>
    <message>
        <source>The deployment settings of %1 were not valid and were not applied: %2</source>
        <translation>Ustawienia wdrożenia %1 były niepoprawne i nie zostały zastosowane: %2</translation>
    </message>
    <message>
        <source>Deployment of %1</source>
        <translation>Wdrożenie %1</translation>
    </message>
    <message>
        <source>No definition is open.</source>
        <translation>Żadna definicja nie jest otwarta.</translation>
    </message>
    <message>
        <source>The parameter %1 is there twice</source>
        <translation>Parametr %1 występuje dwa razy</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>liczbą całkowitą</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>liczbą</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true lub false</translation>
    </message>
    <message>
        <source>The default of %1 must be %2</source>
        <translation>Wartość domyślna %1 musi być %2</translation>
    </message>
    <message>
        <source>Next runs:</source>
        <translation>Następne uruchomienia:</translation>
    </message>
    <message>
        <source>Edit deployment settings</source>
        <translation>Edycja ustawień wdrożenia</translation>
    </message>
    <message>
        <source>Saved the deployment settings of %1</source>
        <translation>Zapisano ustawienia wdrożenia %1</translation>
    </message>
    <message>
        <source>What the generated code needs from Airflow or Dagster before it can run there: the saved version&apos;s connections, variables and pool</source>
        <translation>Czego wygenerowany kod potrzebuje od Airflow lub Dagster, zanim tam zadziała: połączenia, zmienne i pula zapisanej wersji</translation>
    </message>
    <message>
        <source>Orchestrator needs</source>
        <translation>Orkiestrator potrzebuje</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 ⚠ not a connector of this space</source>
        <translation>%1 ⚠ to nie jest konektor tej przestrzeni</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>Połączenia: %1</translation>
    </message>
    <message>
        <source>Variables: %1</source>
        <translation>Zmienne: %1</translation>
    </message>
    <message>
        <source>Pool: %1</source>
        <translation>Pula: %1</translation>
    </message>
</context>
<context>
    <name>pw::ui::EditorTab</name>
    <message>
        <source>Reload</source>
        <translation>Wczytaj ponownie</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Zachowaj moje</translation>
    </message>
    <message>
        <source>Compare Side by Side</source>
        <translation>Porównaj obok siebie</translation>
    </message>
    <message numerus="yes">
        <source>%1 is a binary file (%n byte(s)); it is not shown as text.</source>
        <translation>
            <numerusform>%1 to plik binarny (%n bajt); nie jest pokazywany jako tekst.</numerusform>
            <numerusform>%1 to plik binarny (%n bajty); nie jest pokazywany jako tekst.</numerusform>
            <numerusform>%1 to plik binarny (%n bajtów); nie jest pokazywany jako tekst.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was changed elsewhere since you opened it. Reload it, keep your text, or compare the two.</source>
        <translation>%1 zmieniono gdzie indziej od czasu otwarcia. Wczytaj go ponownie, zachowaj swój tekst albo porównaj obie wersje.</translation>
    </message>
    <message>
        <source>Saved %1 to the draft</source>
        <translation>Zapisano %1 w szkicu</translation>
    </message>
    <message>
        <source>%1: yours and the draft&apos;s</source>
        <translation>%1: twoja wersja i wersja szkicu</translation>
    </message>
    <message>
        <source>Yours (not saved)</source>
        <translation>Twoja (niezapisana)</translation>
    </message>
    <message>
        <source>In the draft now</source>
        <translation>Teraz w szkicu</translation>
    </message>
    <message>
        <source>(deleted: %1)</source>
        <translation>(usunięty: %1)</translation>
    </message>
    <message>
        <source>%1 changed elsewhere and was reloaded</source>
        <translation>%1 zmieniono gdzie indziej i wczytano ponownie</translation>
    </message>
    <message>
        <source>%1 was deleted elsewhere. Keep your copy to save it again.</source>
        <translation>%1 usunięto gdzie indziej. Zachowaj swoją kopię, aby zapisać go ponownie.</translation>
    </message>
    <message>
        <source>%1 changed elsewhere while you were editing it. Reload it (your edits are lost), keep yours, or compare the two.</source>
        <translation>%1 zmieniono gdzie indziej podczas twojej edycji. Wczytaj go ponownie (twoje zmiany przepadną), zachowaj swoją wersję albo porównaj obie.</translation>
    </message>
    <message>
        <source>%1 was deleted elsewhere while you were editing it.</source>
        <translation>%1 usunięto gdzie indziej podczas twojej edycji.</translation>
    </message>
    <message>
        <source>Go to Line</source>
        <translation>Przejdź do wiersza</translation>
    </message>
    <message>
        <source>Line (1 to %1):</source>
        <translation>Wiersz (od 1 do %1):</translation>
    </message>
</context>
<context>
    <name>pw::ui::ErrorText</name>
    <message>
        <source>Not valid</source>
        <translation>Nieprawidłowe</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Niezalogowano</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Niedozwolone</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nie znaleziono</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>The change would make the pipeline invalid</source>
        <translation>Zmiana uczyniłaby potok nieprawidłowym</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Niedostępne</translation>
    </message>
    <message>
        <source>Storage error</source>
        <translation>Błąd zapisu</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>Za duże</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Zajęte</translation>
    </message>
</context>
<context>
    <name>pw::ui::FileTreePanel</name>
    <message>
        <source>Filter files</source>
        <translation>Filtruj pliki</translation>
    </message>
    <message>
        <source>Modified in the draft</source>
        <translation>Zmieniony w szkicu</translation>
    </message>
    <message>
        <source>Added in the draft</source>
        <translation>Dodany w szkicu</translation>
    </message>
    <message>
        <source>Deleted in the draft</source>
        <translation>Usunięty w szkicu</translation>
    </message>
    <message>
        <source>Symbolic link (shown, never followed)</source>
        <translation>Dowiązanie symboliczne (pokazywane, nigdy nie śledzone)</translation>
    </message>
    <message>
        <source>%1 on %2, no draft changes</source>
        <translation>%1 na %2, brak zmian szkicu</translation>
    </message>
    <message>
        <source>%1 on %2: %3 modified, %4 added, %5 deleted</source>
        <translation>%1 na %2: zmienione %3, dodane %4, usunięte %5</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n file(s)</source>
        <translation>
            <numerusform>Przeniesiono %n plik</numerusform>
            <numerusform>Przeniesiono %n pliki</numerusform>
            <numerusform>Przeniesiono %n plików</numerusform>
        </translation>
    </message>
    <message>
        <source>New File…</source>
        <translation>Nowy plik…</translation>
    </message>
    <message>
        <source>New File</source>
        <translation>Nowy plik</translation>
    </message>
    <message>
        <source>Path in the repository:</source>
        <translation>Ścieżka w repozytorium:</translation>
    </message>
    <message>
        <source>New Folder…</source>
        <translation>Nowy folder…</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Nowy folder</translation>
    </message>
    <message>
        <source>Folder path in the repository:</source>
        <translation>Ścieżka folderu w repozytorium:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwórz</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Zmień nazwę</translation>
    </message>
    <message>
        <source>New path:</source>
        <translation>Nowa ścieżka:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Delete every file in %1 from the draft?</source>
        <translation>Usunąć ze szkicu wszystkie pliki w %1?</translation>
    </message>
    <message>
        <source>Delete %1 from the draft?</source>
        <translation>Usunąć %1 ze szkicu?</translation>
    </message>
    <message>
        <source>Reset to Repository</source>
        <translation>Przywróć z repozytorium</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Kopiuj ścieżkę</translation>
    </message>
</context>
<context>
    <name>pw::ui::FindBar</name>
    <message>
        <source>Regex</source>
        <translation>Wyrażenie regularne</translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation>Całe słowo</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Uwzględniaj wielkość liter</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Znajdź</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Zamień na</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Następny</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Poprzedni</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Zamień</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>Zamień wszystkie</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>zamieniono %n</numerusform>
            <numerusform>zamieniono %n</numerusform>
            <numerusform>zamieniono %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nie znaleziono</translation>
    </message>
</context>
<context>
    <name>pw::ui::GeneratedCodeTab</name>
    <message>
        <source>Target:</source>
        <translation>Cel:</translation>
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
        <translation>Definicja ma błędy, więc to kod jej ostatniego poprawnego stanu: %1</translation>
    </message>
    <message>
        <source>%1 · version %2</source>
        <translation>%1 · wersja %2</translation>
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
        <translation>próba %1/%2</translation>
    </message>
    <message>
        <source>running</source>
        <translation>działa</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>w kolejce</translation>
    </message>
    <message>
        <source>retry after %1</source>
        <translation>ponowienie po %1</translation>
    </message>
    <message>
        <source>upstream failed</source>
        <translation>poprzednik nieudany</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>pominięte</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulowane</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>oczekuje</translation>
    </message>
</context>
<context>
    <name>pw::ui::KnownHostsPage</name>
    <message>
        <source>Revoked (operator&apos;s file, line %1)</source>
        <translation>Unieważniony (plik operatora, wiersz %1)</translation>
    </message>
    <message>
        <source>Trusted (operator&apos;s file, line %1)</source>
        <translation>Zaufany (plik operatora, wiersz %1)</translation>
    </message>
    <message>
        <source>Pending: not trusted</source>
        <translation>Oczekuje: niezaufany</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>Zaufany</translation>
    </message>
    <message>
        <source>Accept…</source>
        <translation>Akceptuj…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Usuń…</translation>
    </message>
    <message>
        <source>SSH host keys of the space “%1”. A connection to a host whose key is not trusted is refused, and the key it met waits here. Accept a key only after comparing its fingerprint with the one the server&apos;s operator gives you. Keys in the operator&apos;s known_hosts file apply to every space.</source>
        <translation>Klucze hosta SSH przestrzeni „%1”. Połączenie z hostem, którego klucz nie jest zaufany, zostaje odrzucone, a napotkany klucz czeka tutaj. Akceptuj klucz dopiero po porównaniu jego odcisku z tym, który podaje operator serwera. Klucze z pliku known_hosts operatora obowiązują w każdej przestrzeni.</translation>
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
        <translation>Typ klucza</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Odcisk</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Trust the selected pending key for its host and port</source>
        <translation>Zaufaj wybranemu oczekującemu kluczowi dla jego hosta i portu</translation>
    </message>
    <message>
        <source>Forget the selected key: its host is refused until a key is accepted again</source>
        <translation>Zapomnij wybrany klucz: jego host będzie odrzucany, dopóki klucz nie zostanie ponownie zaakceptowany</translation>
    </message>
    <message>
        <source>No SSH host keys yet: the first connection to an ssh:// remote shows its server&apos;s key here.</source>
        <translation>Brak kluczy hosta SSH: pierwsze połączenie ze zdalnym repozytorium ssh:// pokaże tutaj klucz jego serwera.</translation>
    </message>
    <message>
        <source>Skipped in the operator&apos;s known_hosts file: %1</source>
        <translation>Pominięte w pliku known_hosts operatora: %1</translation>
    </message>
    <message>
        <source>Only the space&apos;s admins accept or remove host keys</source>
        <translation>Tylko administratorzy przestrzeni akceptują lub usuwają klucze hosta</translation>
    </message>
    <message>
        <source>Trust this %1 key for %2 (port %3)?

%4

Compare the fingerprint with the one the server&apos;s operator gives you. Connections of this space to the host then go ahead; a different key later is refused.</source>
        <translation>Zaufać temu kluczowi %1 dla %2 (port %3)?

%4

Porównaj odcisk z tym, który podaje operator serwera. Połączenia tej przestrzeni z hostem będą wtedy nawiązywane; inny klucz w przyszłości zostanie odrzucony.</translation>
    </message>
    <message>
        <source>Accept SSH host key</source>
        <translation>Akceptuj klucz hosta SSH</translation>
    </message>
    <message>
        <source>Trusted. Connect the repository again, or wait for its next fetch.</source>
        <translation>Zaufany. Połącz repozytorium ponownie lub poczekaj na jego następne pobranie.</translation>
    </message>
    <message>
        <source>Remove the %1 key %2 of %3 (port %4)? Connections to the host are refused until a key is accepted again.</source>
        <translation>Usunąć klucz %1 %2 hosta %3 (port %4)? Połączenia z hostem będą odrzucane, dopóki klucz nie zostanie ponownie zaakceptowany.</translation>
    </message>
    <message>
        <source>Remove SSH host key</source>
        <translation>Usuń klucz hosta SSH</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Usunięto.</translation>
    </message>
</context>
<context>
    <name>pw::ui::LocalRunsPage</name>
    <message>
        <source>Local runs</source>
        <translation>Lokalne uruchomienia</translation>
    </message>
    <message>
        <source>Allow runs without a sandbox</source>
        <translation>Zezwalaj na uruchomienia bez piaskownicy</translation>
    </message>
    <message>
        <source>Bash and Python tasks run in a bubblewrap sandbox: the system read-only, their checkout the only place they write, no view of your home or the data folder.</source>
        <translation>Zadania Bash i Python działają w piaskownicy bubblewrap: system tylko do odczytu, ich kopia robocza jedynym miejscem zapisu, bez wglądu w katalog domowy i folder danych.</translation>
    </message>
    <message>
        <source>Bubblewrap cannot start here, so runs with bash or Python tasks are refused: %1</source>
        <translation>Bubblewrap nie może się tu uruchomić, więc uruchomienia z zadaniami Bash lub Python są odrzucane: %1</translation>
    </message>
    <message>
        <source>Only where bubblewrap cannot start: tasks then see this computer as Pipewright does, the data folder included. A working sandbox is always used. Each change is recorded in the audit log.</source>
        <translation>Tylko tam, gdzie bubblewrap nie może się uruchomić: zadania widzą wtedy ten komputer tak jak Pipewright, łącznie z folderem danych. Działająca piaskownica jest zawsze używana. Każda zmiana trafia do dziennika audytu.</translation>
    </message>
    <message>
        <source>Only used where bubblewrap cannot start. Unsandboxed tasks can read everything Pipewright can. Recorded in the audit log.</source>
        <translation>Używane tylko tam, gdzie bubblewrap nie może się uruchomić. Zadania bez piaskownicy mogą czytać wszystko, co Pipewright. Zapisywane w dzienniku audytu.</translation>
    </message>
    <message>
        <source>This computer&apos;s network</source>
        <translation>Sieć tego komputera</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>Brak sieci</translation>
    </message>
    <message>
        <source>for example 127.0.0.1, api.internal</source>
        <translation>na przykład 127.0.0.1, api.internal</translation>
    </message>
    <message>
        <source>HTTP tasks may reach these hosts even where they are this computer, a private or a link-local address (and, without a network, only these).</source>
        <translation>Zadania HTTP mogą łączyć się z tymi hostami, nawet jeśli są tym komputerem, adresem prywatnym lub lokalnym dla łącza (a bez sieci tylko z nimi).</translation>
    </message>
    <message>
        <source>Network of the tasks</source>
        <translation>Sieć zadań</translation>
    </message>
    <message>
        <source>HTTP tasks may also reach</source>
        <translation>Zadania HTTP mogą też łączyć się z</translation>
    </message>
</context>
<context>
    <name>pw::ui::MainWindow</name>
    <message>
        <source>Copy token</source>
        <translation>Kopiuj token</translation>
    </message>
    <message>
        <source>Navigator</source>
        <translation>Nawigator</translation>
    </message>
    <message>
        <source>Node catalog</source>
        <translation>Katalog węzłów</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Właściwości</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemy</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Wersje</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Problemy (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>New Workspace…</source>
        <translation>Nowy obszar roboczy…</translation>
    </message>
    <message>
        <source>New Definition…</source>
        <translation>Nowa definicja…</translation>
    </message>
    <message>
        <source>Export Graph as PNG…</source>
        <translation>Eksportuj graf do PNG…</translation>
    </message>
    <message>
        <source>Export Graph as SVG…</source>
        <translation>Eksportuj graf do SVG…</translation>
    </message>
    <message>
        <source>Close Tab</source>
        <translation>Zamknij kartę</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edycja</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Cofnij</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Wytnij</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Wklej</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Rename Node…</source>
        <translation>Zmień nazwę węzła…</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Zaznacz wszystko</translation>
    </message>
    <message>
        <source>Select Upstream</source>
        <translation>Zaznacz poprzedników</translation>
    </message>
    <message>
        <source>Select Downstream</source>
        <translation>Zaznacz następców</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <source>Command Palette…</source>
        <translation>Paleta poleceń…</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Powiększ</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Pomniejsz</translation>
    </message>
    <message>
        <source>Fit to View</source>
        <translation>Dopasuj do widoku</translation>
    </message>
    <message>
        <source>Spec Source</source>
        <translation>Źródło specyfikacji</translation>
    </message>
    <message>
        <source>&amp;Definition</source>
        <translation>&amp;Definicja</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>Dodaj węzeł</translation>
    </message>
    <message>
        <source>Add %1 Node</source>
        <translation>Dodaj węzeł „%1”</translation>
    </message>
    <message>
        <source>Auto Layout, Left to Right</source>
        <translation>Automatyczny układ, od lewej do prawej</translation>
    </message>
    <message>
        <source>Auto Layout, Top to Bottom</source>
        <translation>Automatyczny układ, z góry na dół</translation>
    </message>
    <message>
        <source>Auto Layout Keeping Selected Nodes in Place</source>
        <translation>Automatyczny układ z zaznaczonymi węzłami na miejscu</translation>
    </message>
    <message>
        <source>Compare with Previous Version</source>
        <translation>Porównaj z poprzednią wersją</translation>
    </message>
    <message>
        <source>Rename Definition…</source>
        <translation>Zmień nazwę definicji…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Archiwizuj…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>Copy API Address</source>
        <translation>Kopiuj adres API</translation>
    </message>
    <message>
        <source>About Pipewright</source>
        <translation>O programie Pipewright</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pipewright %1&lt;/b&gt;&lt;p&gt;An IDE for authoring data pipelines.&lt;/p&gt;&lt;p&gt;Data: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;Pipewright %1&lt;/b&gt;&lt;p&gt;Środowisko do tworzenia potoków danych.&lt;/p&gt;&lt;p&gt;Dane: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 in space %2</source>
        <translation>%1 w przestrzeni %2</translation>
    </message>
    <message>
        <source>%1 (source)</source>
        <translation>%1 (źródło)</translation>
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
        <translation>Wersja %1</translation>
    </message>
    <message>
        <source>The API server did not start: %1</source>
        <translation>Serwer API nie uruchomił się: %1</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>API server off</source>
        <translation>Serwer API wyłączony</translation>
    </message>
    <message>
        <source>The REST API of this data directory; requests need a token</source>
        <translation>REST API tego katalogu danych; żądania wymagają tokenu</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>Obraz SVG (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Obraz PNG (*.png)</translation>
    </message>
    <message>
        <source>Export as SVG</source>
        <translation>Eksportuj do SVG</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>Eksportuj do PNG</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>Wyeksportowano %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Nie udało się zapisać %1</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>Niezastosowane zmiany</translation>
    </message>
    <message>
        <source>%1 has changes that are not applied. Apply them before closing?</source>
        <translation>%1 ma niezastosowane zmiany. Zastosować je przed zamknięciem?</translation>
    </message>
    <message>
        <source>Search node types</source>
        <translation>Szukaj typów węzłów</translation>
    </message>
    <message>
        <source>Minimap</source>
        <translation>Minimapa</translation>
    </message>
    <message>
        <source>graph</source>
        <translation>graf</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Pliki</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Zmiany</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <source>Save File</source>
        <translation>Zapisz plik</translation>
    </message>
    <message>
        <source>Commit Drafts to Branch…</source>
        <translation>Zatwierdź szkice w gałęzi…</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Znajdź…</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Zamień…</translation>
    </message>
    <message>
        <source>Go to Line…</source>
        <translation>Przejdź do wiersza…</translation>
    </message>
    <message>
        <source>Search in Files…</source>
        <translation>Szukaj w plikach…</translation>
    </message>
    <message>
        <source>Open Code of Node</source>
        <translation>Otwórz kod węzła</translation>
    </message>
    <message>
        <source>%1 — draft of %2</source>
        <translation>%1 — szkic %2</translation>
    </message>
    <message>
        <source>Select one node to open its code</source>
        <translation>Zaznacz jeden węzeł, aby otworzyć jego kod</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Uruchomienia</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Uruchom</translation>
    </message>
    <message>
        <source>Select one or more nodes first.</source>
        <translation>Najpierw zaznacz jeden lub więcej węzłów.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Uruchom</translation>
    </message>
    <message>
        <source>Run from Here</source>
        <translation>Uruchom od tego miejsca</translation>
    </message>
    <message>
        <source>Run Selected</source>
        <translation>Uruchom zaznaczone</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Anuluj uruchomienie</translation>
    </message>
    <message>
        <source>Re-run Failed Tasks</source>
        <translation>Uruchom ponownie nieudane zadania</translation>
    </message>
    <message>
        <source>Generated Code</source>
        <translation>Wygenerowany kod</translation>
    </message>
    <message>
        <source>%1 (generated)</source>
        <translation>%1 (wygenerowany)</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Wdrożenie</translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation>Opublikuj…</translation>
    </message>
    <message>
        <source>Deployment Settings</source>
        <translation>Ustawienia wdrożenia</translation>
    </message>
    <message>
        <source>Published; the merge request is open</source>
        <translation>Opublikowano; merge request jest otwarty</translation>
    </message>
    <message>
        <source>Copy this window session&apos;s API token to the clipboard (made on first use)</source>
        <translation>Kopiuj token API tej sesji okna do schowka (tworzony przy pierwszym użyciu)</translation>
    </message>
    <message>
        <source>API tokens</source>
        <translation>Tokeny API</translation>
    </message>
    <message>
        <source>Copy API Token</source>
        <translation>Kopiuj token API</translation>
    </message>
    <message>
        <source>This window session&apos;s API token is on the clipboard.</source>
        <translation>Token API tej sesji okna jest w schowku.</translation>
    </message>
    <message>
        <source>A new API token for this window session is on the clipboard; it is valid for 30 days. Settings → API tokens lists and revokes tokens.</source>
        <translation>Nowy token API dla tej sesji okna jest w schowku; jest ważny przez 30 dni. Ustawienia → Tokeny API wyświetla i unieważnia tokeny.</translation>
    </message>
    <message>
        <source>Local runs</source>
        <translation>Uruchomienia lokalne</translation>
    </message>
    <message>
        <source>An SSH connection was refused: the server&apos;s host key is not trusted yet. Settings → Known hosts shows its fingerprint.</source>
        <translation>Połączenie SSH zostało odrzucone: klucz hosta serwera nie jest jeszcze zaufany. Ustawienia → Znane hosty pokazują jego odcisk.</translation>
    </message>
    <message>
        <source>Known hosts</source>
        <translation>Znane hosty</translation>
    </message>
</context>
<context>
    <name>pw::ui::Minimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>Podgląd: kliknij lub przeciągnij, aby przesunąć widok</translation>
    </message>
</context>
<context>
    <name>pw::ui::NavigatorPanel</name>
    <message>
        <source>Filter definitions</source>
        <translation>Filtruj definicje</translation>
    </message>
    <message>
        <source>Space %1</source>
        <translation>Przestrzeń %1</translation>
    </message>
    <message>
        <source>Shared workspace</source>
        <translation>Wspólny obszar roboczy</translation>
    </message>
    <message>
        <source>Private workspace</source>
        <translation>Prywatny obszar roboczy</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>Nowy obszar roboczy</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nazwa:</translation>
    </message>
    <message>
        <source>New definition</source>
        <translation>Nowa definicja</translation>
    </message>
    <message>
        <source>Select the workspace the definition belongs to.</source>
        <translation>Zaznacz obszar roboczy, do którego należy definicja.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Zmień nazwę</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nowa nazwa:</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archiwizuj</translation>
    </message>
    <message>
        <source>Archive the workspace “%1”? Its definitions stay readable but can no longer change.</source>
        <translation>Zarchiwizować obszar roboczy „%1”? Jego definicje pozostaną czytelne, ale nie będzie można ich zmieniać.</translation>
    </message>
    <message>
        <source>Archive the definition “%1”? It stays readable but can no longer change.</source>
        <translation>Zarchiwizować definicję „%1”? Pozostanie czytelna, ale nie będzie można jej zmieniać.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwórz</translation>
    </message>
    <message>
        <source>New workspace…</source>
        <translation>Nowy obszar roboczy…</translation>
    </message>
    <message>
        <source>New definition…</source>
        <translation>Nowa definicja…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Zmień nazwę…</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>Archiwizuj…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message numerus="yes">
        <source>%1 · version %2 · nodes: %n</source>
        <translation>
            <numerusform>%1 · wersja %2 · węzły: %n</numerusform>
            <numerusform>%1 · wersja %2 · węzły: %n</numerusform>
            <numerusform>%1 · wersja %2 · węzły: %n</numerusform>
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
        <translation>Węzeł</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Miejsce</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
</context>
<context>
    <name>pw::ui::PropertiesPanel</name>
    <message>
        <source>Apply</source>
        <translation>Zastosuj</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Przywróć</translation>
    </message>
    <message>
        <source>Save the changes as one new version (Ctrl+Return)</source>
        <translation>Zapisz zmiany jako jedną nową wersję (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>No definition is open.</source>
        <translation>Żadna definicja nie jest otwarta.</translation>
    </message>
    <message>
        <source>Select a node to see its properties.</source>
        <translation>Zaznacz węzeł, aby zobaczyć jego właściwości.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etykieta</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Other fields</source>
        <translation>Inne pola</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>rozdzielone przecinkami</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nie ustawiono)</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 musi być liczbą całkowitą</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 musi być liczbą</translation>
    </message>
    <message>
        <source>%1 must be a JSON object</source>
        <translation>%1 musi być obiektem JSON</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Edycja %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Zapisano %1</translation>
    </message>
    <message numerus="yes">
        <source>Nodes selected: %n.</source>
        <translation>
            <numerusform>Zaznaczone węzły: %n.</numerusform>
            <numerusform>Zaznaczone węzły: %n.</numerusform>
            <numerusform>Zaznaczone węzły: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied the changes to %1</source>
        <translation>Zastosowano zmiany w %1</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>Niezastosowane zmiany</translation>
    </message>
    <message>
        <source>The changes to %1 are not valid:
%2

Keep editing them?</source>
        <translation>Zmiany w %1 są nieprawidłowe:
%2

Kontynuować edycję?</translation>
    </message>
    <message>
        <source>%1 connector</source>
        <translation>konektor %1</translation>
    </message>
    <message>
        <source>This space has no connector named %1: a local run cannot use it</source>
        <translation>Ta przestrzeń nie ma konektora o nazwie %1: lokalne uruchomienie nie może go użyć</translation>
    </message>
</context>
<context>
    <name>pw::ui::PublishDialog</name>
    <message>
        <source>Stop when a check fails</source>
        <translation>Zatrzymaj, gdy sprawdzenie się nie powiedzie</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Opublikuj</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>no repository</source>
        <translation>brak repozytorium</translation>
    </message>
    <message>
        <source>Publishes version %1 of %2 as one commit (drafts, spec and generated code) on a branch of %3, and opens a merge request into %4.</source>
        <translation>Publikuje wersję %1 definicji %2 jako jeden commit (szkice, specyfikacja i wygenerowany kod) na gałęzi repozytorium %3 i otwiera merge request do %4.</translation>
    </message>
    <message>
        <source>the base branch</source>
        <translation>gałęzi bazowej</translation>
    </message>
    <message>
        <source>Publish %1 version %2</source>
        <translation>Publikacja %1, wersja %2</translation>
    </message>
    <message>
        <source>What the reviewer should know</source>
        <translation>Co recenzent powinien wiedzieć</translation>
    </message>
    <message>
        <source>When off, a failed check is reported and the publish goes on</source>
        <translation>Gdy wyłączone, nieudane sprawdzenie jest zgłaszane, a publikacja trwa dalej</translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation>Gałąź:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Tytuł:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Opis:</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Krok</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>The reviewed version is the current one</source>
        <translation>Sprawdzona wersja jest bieżąca</translation>
    </message>
    <message>
        <source>The spec validates</source>
        <translation>Specyfikacja jest poprawna</translation>
    </message>
    <message>
        <source>It compiles for %1</source>
        <translation>Kompiluje się dla %1</translation>
    </message>
    <message>
        <source>The generated Python parses</source>
        <translation>Wygenerowany kod Python jest poprawny składniowo</translation>
    </message>
    <message>
        <source>Commit on the branch</source>
        <translation>Commit na gałęzi</translation>
    </message>
    <message>
        <source>Push to the remote</source>
        <translation>Push do zdalnego repozytorium</translation>
    </message>
    <message>
        <source>Open the merge request</source>
        <translation>Otwarcie merge requesta</translation>
    </message>
    <message>
        <source>no remote: the branch stays in the local repository</source>
        <translation>brak zdalnego repozytorium: gałąź zostaje w lokalnym</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulowano</translation>
    </message>
    <message>
        <source>Cancelled: nothing was committed.</source>
        <translation>Anulowano: nic nie zostało zatwierdzone.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 na %2</translation>
    </message>
    <message>
        <source>pushed</source>
        <translation>wypchnięto</translation>
    </message>
    <message>
        <source>Merge request #%1</source>
        <translation>Merge request #%1</translation>
    </message>
    <message>
        <source>Merge request</source>
        <translation>Merge request</translation>
    </message>
    <message>
        <source>Published. &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; into %3 is open for review.</source>
        <translation>Opublikowano. &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; do %3 czeka na recenzję.</translation>
    </message>
    <message>
        <source>kept in Pipewright (the repository has no forge)</source>
        <translation>przechowywany w Pipewright (repozytorium nie ma forge)</translation>
    </message>
    <message>
        <source>Published. The branch %1 waits for review in Pipewright; merging it into %2 (Git merge) closes merge request %3.</source>
        <translation>Opublikowano. Gałąź %1 czeka na recenzję w Pipewright; scalenie jej do %2 (Git merge) zamyka merge request %3.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Anulowanie…</translation>
    </message>
    <message>
        <source>A check failed, so nothing was committed. Fix what it says and publish again, or publish without stopping at failed checks.</source>
        <translation>Sprawdzenie się nie powiodło, więc nic nie zostało zatwierdzone. Popraw to, co zgłasza, i opublikuj ponownie albo opublikuj bez zatrzymywania się na nieudanych sprawdzeniach.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n więcej</numerusform>
            <numerusform>%n więcej</numerusform>
            <numerusform>%n więcej</numerusform>
        </translation>
    </message>
    <message>
        <source>Draft edits: %1</source>
        <translation>Zmiany w szkicach: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>Generated code: %1</source>
        <translation>Wygenerowany kod: %1</translation>
    </message>
    <message>
        <source>none (the spec does not compile)</source>
        <translation>brak (specyfikacja się nie kompiluje)</translation>
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
        <translation>Uruchom</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Anuluj uruchomienie</translation>
    </message>
    <message>
        <source>Re-run Failed</source>
        <translation>Ponów nieudane</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Wyzwalacz</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Rozpoczęto</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Zadanie</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Próba</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Komunikat</translation>
    </message>
    <message>
        <source>Select a task to see its log.</source>
        <translation>Zaznacz zadanie, aby zobaczyć jego dziennik.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 z %2</translation>
    </message>
    <message numerus="yes">
        <source>Run started: %n task(s)</source>
        <translation>
            <numerusform>Uruchomiono: %n zadanie</numerusform>
            <numerusform>Uruchomiono: %n zadania</numerusform>
            <numerusform>Uruchomiono: %n zadań</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling the run…</source>
        <translation>Anulowanie uruchomienia…</translation>
    </message>
</context>
<context>
    <name>pw::ui::SearchPanel</name>
    <message>
        <source>Regex</source>
        <translation>Wyrażenie regularne</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Uwzględniaj wielkość liter</translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation>Całe słowo</translation>
    </message>
    <message>
        <source>Search in files (Enter)</source>
        <translation>Szukaj w plikach (Enter)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>first %n result(s)</source>
        <translation>
            <numerusform>pierwszy %n wynik</numerusform>
            <numerusform>pierwsze %n wyniki</numerusform>
            <numerusform>pierwszych %n wyników</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n wynik</numerusform>
            <numerusform>%n wyniki</numerusform>
            <numerusform>%n wyników</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Wyszukiwanie…</translation>
    </message>
    <message numerus="yes">
        <source>first %n result(s); the pattern is too costly to search on</source>
        <translation>
            <numerusform>pierwszy %n wynik; wzorzec jest zbyt kosztowny, by szukać dalej</numerusform>
            <numerusform>pierwsze %n wyniki; wzorzec jest zbyt kosztowny, by szukać dalej</numerusform>
            <numerusform>pierwszych %n wyników; wzorzec jest zbyt kosztowny, by szukać dalej</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::SettingsDialog</name>
    <message>
        <source>Serve the REST API while the window is open</source>
        <translation>Udostępniaj REST API, gdy okno jest otwarte</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The server listens on 127.0.0.1 only. Every request needs a token (the status bar copies this window session&apos;s).</source>
        <translation>Serwer nasłuchuje tylko na 127.0.0.1. Każde żądanie wymaga tokenu (pasek stanu kopiuje token tej sesji okna).</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Ogólne</translation>
    </message>
</context>
<context>
    <name>pw::ui::SourceTab</name>
    <message>
        <source>Apply</source>
        <translation>Zastosuj</translation>
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
        <translation>Wczytaj ponownie</translation>
    </message>
    <message>
        <source>Replace the text with the current definition</source>
        <translation>Zastąp tekst bieżącą definicją</translation>
    </message>
    <message>
        <source>Validate and save as one new version (Ctrl+Return)</source>
        <translation>Sprawdź i zapisz jako jedną nową wersję (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>The definition is now at version %1, changed since you started editing. Apply saves your text over it; Reload discards your edits.</source>
        <translation>Definicja ma teraz wersję %1 i zmieniła się od rozpoczęcia edycji. Zastosuj zapisze twój tekst w jej miejsce; Wczytaj ponownie odrzuci twoje zmiany.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Wiersz %1: %2</translation>
    </message>
    <message>
        <source>The text does not parse; nothing was saved.</source>
        <translation>Tekstu nie da się odczytać; nic nie zapisano.</translation>
    </message>
    <message>
        <source>Warning: </source>
        <translation>Ostrzeżenie: </translation>
    </message>
    <message>
        <source>The spec has problems; nothing was saved.</source>
        <translation>Specyfikacja ma problemy; nic nie zapisano.</translation>
    </message>
    <message>
        <source>Edit source</source>
        <translation>Edycja źródła</translation>
    </message>
    <message>
        <source>Saved version %1</source>
        <translation>Zapisano wersję %1</translation>
    </message>
    <message>
        <source>No changes to save</source>
        <translation>Brak zmian do zapisania</translation>
    </message>
</context>
<context>
    <name>pw::ui::VersionsPanel</name>
    <message>
        <source>Compare</source>
        <translation>Porównaj</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Przywróć…</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <source>Compare the selected version with the current one, or two selected versions</source>
        <translation>Porównaj zaznaczoną wersję z bieżącą albo dwie zaznaczone wersje</translation>
    </message>
    <message>
        <source>Append a new version equal to the selected one</source>
        <translation>Dodaj nową wersję równą zaznaczonej</translation>
    </message>
    <message>
        <source>Current version</source>
        <translation>Bieżąca wersja</translation>
    </message>
    <message>
        <source>Compare the two</source>
        <translation>Porównaj obie</translation>
    </message>
    <message>
        <source>Compare with current</source>
        <translation>Porównaj z bieżącą</translation>
    </message>
    <message>
        <source>Restore version</source>
        <translation>Przywróć wersję</translation>
    </message>
    <message>
        <source>Restore version %1? A new version equal to it is added; no version is lost.</source>
        <translation>Przywrócić wersję %1? Zostanie dodana nowa, równa jej wersja; żadna wersja nie zginie.</translation>
    </message>
    <message>
        <source>Restored version %1</source>
        <translation>Przywrócono wersję %1</translation>
    </message>
</context>
</TS>
