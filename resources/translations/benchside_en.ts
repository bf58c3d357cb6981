<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AnalyzerIntake</name>
    <message numerus="yes">
        <source>The message has no L record: its %n result(s) were not taken.</source>
        <translation>
            <numerusform>The message has no L record: its %n result was not taken.</numerusform>
            <numerusform>The message has no L record: its %n results were not taken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 is the hospital&apos;s label of %n tubes here (%2): the analyzer must read the tube&apos;s own label.</source>
        <translation>
            <numerusform>%1 is the hospital&apos;s label of %n tube here (%2): the analyzer must read the tube&apos;s own label.</numerusform>
            <numerusform>%1 is the hospital&apos;s label of %n tubes here (%2): the analyzer must read the tube&apos;s own label.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AnalyzerMapCsv</name>
    <message numerus="yes">
        <source>%n field(s), not 4</source>
        <translation>
            <numerusform>%n field, not 4</numerusform>
            <numerusform>%n fields, not 4</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AstmMessage</name>
    <message numerus="yes">
        <source>%n record(s) without an H record before them, the first: &quot;%1&quot;.</source>
        <translation>
            <numerusform>%n record without an H record before it, the first: &quot;%1&quot;.</numerusform>
            <numerusform>%n records without an H record before them, the first: &quot;%1&quot;.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Hl7OrderRepository</name>
    <message numerus="yes">
        <source>%1 is the hospital&apos;s order number of %n tubes (%2): scan the tube&apos;s own specimen label, or print ours for it.</source>
        <translation>
            <numerusform>%1 is the hospital&apos;s order number of %n tube (%2): scan the tube&apos;s own specimen label, or print ours for it.</numerusform>
            <numerusform>%1 is the hospital&apos;s order number of %n tubes (%2): scan the tube&apos;s own specimen label, or print ours for it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerDialog</name>
    <message numerus="yes">
        <source>%n analyzer code(s) from %1, saved with the analyzer.</source>
        <translation>
            <numerusform>%n analyzer code from %1, saved with the analyzer.</numerusform>
            <numerusform>%n analyzer codes from %1, saved with the analyzer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n analyzer code(s) mapped.</source>
        <translation>
            <numerusform>%n analyzer code mapped.</numerusform>
            <numerusform>%n analyzer codes mapped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::AuditPage</name>
    <message numerus="yes">
        <source>Saved %n entries to %1.</source>
        <translation>
            <numerusform>Saved %n entry to %1.</numerusform>
            <numerusform>Saved %n entries to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::ImageInput</name>
    <message numerus="yes">
        <source>%n files were given: give one image at a time.</source>
        <translation>
            <numerusform>%n file was given: give one image at a time.</numerusform>
            <numerusform>%n files were given: give one image at a time.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::InstrumentsPage</name>
    <message numerus="yes">
        <source>&lt;b&gt;Unmatched readings&lt;/b&gt;: %n waiting to be matched to a tube or discarded.</source>
        <translation>
            <numerusform>&lt;b&gt;Unmatched readings&lt;/b&gt;: %n waiting to be matched to a tube or discarded.</numerusform>
            <numerusform>&lt;b&gt;Unmatched readings&lt;/b&gt;: %n waiting to be matched to a tube or discarded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n with an error</source>
        <translation>
            <numerusform> · %n with an error</numerusform>
            <numerusform> · %n with errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Taken today: %1 result(s) entered into the worklist, %2 unmatched, %3 held, from %n message(s).</source>
        <translation>
            <numerusform>Taken today: %1 result(s) entered into the worklist, %2 unmatched, %3 held, from %n message.</numerusform>
            <numerusform>Taken today: %1 result(s) entered into the worklist, %2 unmatched, %3 held, from %n messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 is saved (%2) with %n mapped code(s).</source>
        <translation>
            <numerusform>%1 is saved (%2) with %n mapped code.</numerusform>
            <numerusform>%1 is saved (%2) with %n mapped codes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::InterfacesPage</name>
    <message numerus="yes">
        <source>&amp;Outbound (%n dead)</source>
        <translation>
            <numerusform>&amp;Outbound (%n dead)</numerusform>
            <numerusform>&amp;Outbound (%n dead)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::LabelDialog</name>
    <message numerus="yes">
        <source>Tube labels (%n)</source>
        <translation>
            <numerusform>Tube label (%n)</numerusform>
            <numerusform>Tube labels (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Print %n labels…</source>
        <translation>
            <numerusform>&amp;Print %n label…</numerusform>
            <numerusform>&amp;Print %n labels…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n label(s) to %1.</source>
        <translation>
            <numerusform>Saved %n label to %1.</numerusform>
            <numerusform>Saved %n labels to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n label(s) to the label printer at %1.</source>
        <translation>
            <numerusform>Sent %n label to the label printer at %1.</numerusform>
            <numerusform>Sent %n labels to the label printer at %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n label(s) to %1.</source>
        <translation>
            <numerusform>Sent %n label to %1.</numerusform>
            <numerusform>Sent %n labels to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::MainWindow</name>
    <message numerus="yes">
        <source>HL7: %n result(s) refused</source>
        <translation>
            <numerusform>HL7: %n result refused</numerusform>
            <numerusform>HL7: %n results refused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::MllpListener</name>
    <message numerus="yes">
        <source>Ignored %n byte(s) outside an MLLP frame</source>
        <translation>
            <numerusform>Ignored %n byte outside an MLLP frame</numerusform>
            <numerusform>Ignored %n bytes outside an MLLP frame</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::ReceivingPage</name>
    <message numerus="yes">
        <source>%n received this session</source>
        <translation>
            <numerusform>%n received this session</numerusform>
            <numerusform>%n received this session</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::SpecimenPage</name>
    <message numerus="yes">
        <source>Print &amp;labels for %n aliquot(s)…</source>
        <translation>
            <numerusform>Print &amp;label for %n aliquot…</numerusform>
            <numerusform>Print &amp;labels for %n aliquots…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Custody report of %1 saved to %2 (%n page(s)).</source>
        <translation>
            <numerusform>Custody report of %1 saved to %2 (%n page).</numerusform>
            <numerusform>Custody report of %1 saved to %2 (%n pages).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::SyncStatusIndicator</name>
    <message numerus="yes">
        <source>Online · synced %1 · %n waiting</source>
        <translation>
            <numerusform>Online · synced %1 · %n waiting</numerusform>
            <numerusform>Online · synced %1 · %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sync problem · synced %1 · %n waiting · %2</source>
        <translation>
            <numerusform>Sync problem · synced %1 · %n waiting · %2</numerusform>
            <numerusform>Sync problem · synced %1 · %n waiting · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Offline · synced %1 · %n waiting · %2</source>
        <translation>
            <numerusform>Offline · synced %1 · %n waiting · %2</numerusform>
            <numerusform>Offline · synced %1 · %n waiting · %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::VerificationPage</name>
    <message numerus="yes">
        <source>%n released result(s) recorded without a flag are critical by today&apos;s ranges, and no call to the care team is documented: %1. Call, then document each call.</source>
        <translation>
            <numerusform>%n released result recorded without a flag is critical by today&apos;s ranges, and no call to the care team is documented: %1. Call, then document the call.</numerusform>
            <numerusform>%n released results recorded without a flag are critical by today&apos;s ranges, and no call to the care team is documented: %1. Call, then document each call.</numerusform>
        </translation>
    </message>
</context>
</TS>
