<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ScheduleText</name>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>Every minute</numerusform>
            <numerusform>Every %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every %n hour(s), at minute %1</source>
        <translation>
            <numerusform>Every hour, at minute %1</numerusform>
            <numerusform>Every %n hours, at minute %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s) from %1 to %2</source>
        <translation>
            <numerusform>Every minute from %1 to %2</numerusform>
            <numerusform>Every %n minutes from %1 to %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on day(s) %1 of the month</source>
        <translation>
            <numerusform>on day %1 of the month</numerusform>
            <numerusform>on days %1 of the month</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangeSummary</name>
    <message numerus="yes">
        <source>add %n node(s)</source>
        <translation>
            <numerusform>add %n node</numerusform>
            <numerusform>add %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>remove %n node(s)</source>
        <translation>
            <numerusform>remove %n node</numerusform>
            <numerusform>remove %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>update %n node(s)</source>
        <translation>
            <numerusform>update %n node</numerusform>
            <numerusform>update %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>add %n dependency(s)</source>
        <translation>
            <numerusform>add %n dependency</numerusform>
            <numerusform>add %n dependencies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>remove %n dependency(s)</source>
        <translation>
            <numerusform>remove %n dependency</numerusform>
            <numerusform>remove %n dependencies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::ChangesPanel</name>
    <message numerus="yes">
        <source>%n changed file(s) over %1</source>
        <translation>
            <numerusform>%n changed file over %1</numerusform>
            <numerusform>%n changed files over %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %n file(s) to %1 as %2</source>
        <translation>
            <numerusform>Committed %n file to %1 as %2</numerusform>
            <numerusform>Committed %n files to %1 as %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::CompareTab</name>
    <message numerus="yes">
        <source>nodes added: %n</source>
        <translation>
            <numerusform>nodes added: %n</numerusform>
            <numerusform>nodes added: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed: %n</source>
        <translation>
            <numerusform>removed: %n</numerusform>
            <numerusform>removed: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>changed: %n</source>
        <translation>
            <numerusform>changed: %n</numerusform>
            <numerusform>changed: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>dependencies added: %n</source>
        <translation>
            <numerusform>dependencies added: %n</numerusform>
            <numerusform>dependencies added: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::DefinitionTab</name>
    <message numerus="yes">
        <source>Delete dependencies (%n)</source>
        <translation>
            <numerusform>Delete dependencies (%n)</numerusform>
            <numerusform>Delete dependencies (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete nodes (%n)</source>
        <translation>
            <numerusform>Delete nodes (%n)</numerusform>
            <numerusform>Delete nodes (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied nodes: %n</source>
        <translation>
            <numerusform>Copied nodes: %n</numerusform>
            <numerusform>Copied nodes: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paste nodes (%n)</source>
        <translation>
            <numerusform>Paste nodes (%n)</numerusform>
            <numerusform>Paste nodes (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move nodes (%n)</source>
        <translation>
            <numerusform>Move nodes (%n)</numerusform>
            <numerusform>Move nodes (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::EditorTab</name>
    <message numerus="yes">
        <source>%1 is a binary file (%n byte(s)); it is not shown as text.</source>
        <translation>
            <numerusform>%1 is a binary file (%n byte); it is not shown as text.</numerusform>
            <numerusform>%1 is a binary file (%n bytes); it is not shown as text.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::FileTreePanel</name>
    <message numerus="yes">
        <source>Moved %n file(s)</source>
        <translation>
            <numerusform>Moved %n file</numerusform>
            <numerusform>Moved %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::FindBar</name>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n replaced</numerusform>
            <numerusform>%n replaced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::NavigatorPanel</name>
    <message numerus="yes">
        <source>%1 · version %2 · nodes: %n</source>
        <translation>
            <numerusform>%1 · version %2 · nodes: %n</numerusform>
            <numerusform>%1 · version %2 · nodes: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::PropertiesPanel</name>
    <message numerus="yes">
        <source>Nodes selected: %n.</source>
        <translation>
            <numerusform>Nodes selected: %n.</numerusform>
            <numerusform>Nodes selected: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::PublishDialog</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::RunsPanel</name>
    <message numerus="yes">
        <source>Run started: %n task(s)</source>
        <translation>
            <numerusform>Run started: %n task</numerusform>
            <numerusform>Run started: %n tasks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pw::ui::SearchPanel</name>
    <message numerus="yes">
        <source>first %n result(s)</source>
        <translation>
            <numerusform>first %n result</numerusform>
            <numerusform>first %n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>first %n result(s); the pattern is too costly to search on</source>
        <translation>
            <numerusform>first %n result; the pattern is too costly to search on</numerusform>
            <numerusform>first %n results; the pattern is too costly to search on</numerusform>
        </translation>
    </message>
</context>
</TS>
