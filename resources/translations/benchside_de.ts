<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AccessionNumber</name>
    <message>
        <source>Nothing was scanned.</source>
        <translation>Es wurde nichts gescannt.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains characters that no accession number has (%2). Accession numbers use only 0-9 and A-Z: if the scanner typed these, its keyboard layout or Caps Lock does not match this workstation.</source>
        <translation>„%1“ enthält Zeichen, die in keiner Eingangsnummer vorkommen (%2). Eingangsnummern bestehen nur aus 0–9 und A–Z: Hat der Scanner diese Zeichen getippt, passen seine Tastaturbelegung oder die Feststelltaste nicht zu diesem Arbeitsplatzrechner.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an accession number: it must be %2 to %3 characters long.</source>
        <translation>„%1“ ist keine Eingangsnummer: Sie muss %2 bis %3 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; fails its check character: the label was misread or mistyped. Scan it again or type it carefully.</source>
        <translation>„%1“ besteht die Prüfzeichenkontrolle nicht: Das Etikett wurde falsch gelesen oder vertippt. Erneut scannen oder sorgfältig eintippen.</translation>
    </message>
</context>
<context>
    <name>Accessioner</name>
    <message>
        <source>%1 was recorded but cannot be read back: %2</source>
        <translation>%1 wurde gespeichert, kann aber nicht zurückgelesen werden: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a specimen type in the catalogue.</source>
        <translation>„%1“ ist keine Probenart aus dem Katalog.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a priority: use routine, asap or stat.</source>
        <translation>„%1“ ist keine Priorität: routine, asap oder stat verwenden.</translation>
    </message>
    <message>
        <source>Order at least one test.</source>
        <translation>Mindestens eine Analyse anfordern.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a test in the catalogue.</source>
        <translation>„%1“ ist keine Analyse aus dem Katalog.</translation>
    </message>
    <message>
        <source>%1 is ordered twice on the same specimen.</source>
        <translation>%1 ist auf derselben Probe zweimal angefordert.</translation>
    </message>
    <message>
        <source>%1 (%2) needs a %3 specimen, not %4.</source>
        <translation>%1 (%2) braucht eine Probe vom Typ %3, nicht %4.</translation>
    </message>
    <message>
        <source>No patient with MRN %1 is known here: give the patient&apos;s name, date of birth and sex.</source>
        <translation>Hier ist kein Patient mit der PID %1 bekannt: Name, Geburtsdatum und Geschlecht angeben.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date of birth: use YYYY-MM-DD, not in the future.</source>
        <translation>„%1“ ist kein Geburtsdatum: JJJJ-MM-TT verwenden, nicht in der Zukunft.</translation>
    </message>
    <message>
        <source>Sex must be F, M or U (unknown).</source>
        <translation>Das Geschlecht muss F, M oder U (unbekannt) sein.</translation>
    </message>
    <message>
        <source>The collection time is in the future. Check the date and time.</source>
        <translation>Die Abnahmezeit liegt in der Zukunft. Datum und Uhrzeit prüfen.</translation>
    </message>
    <message>
        <source>%1 is already accessioned: scan it to find it instead.</source>
        <translation>%1 ist bereits erfasst: Zum Finden einfach scannen.</translation>
    </message>
</context>
<context>
    <name>AnalyzerDefinition</name>
    <message>
        <source>Sent in %1; the analyzer&apos;s map expects %2 for %3.</source>
        <translation>Gesendet in %1; die Zuordnung des Analysegeräts erwartet %2 für %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number, so the map&apos;s factor cannot convert it.</source>
        <translation>„%1“ ist keine Zahl, daher kann der Faktor der Zuordnung sie nicht umrechnen.</translation>
    </message>
</context>
<context>
    <name>AnalyzerIntake</name>
    <message>
        <source>Part of the session from %1 was not read: %2</source>
        <translation>Ein Teil der Sitzung von %1 wurde nicht gelesen: %2</translation>
    </message>
    <message numerus="yes">
        <source>The message has no L record: its %n result(s) were not taken.</source>
        <translation>
            <numerusform>Die Nachricht hat keinen L-Satz: ihr %n Ergebnis wurde nicht übernommen.</numerusform>
            <numerusform>Die Nachricht hat keinen L-Satz: ihre %n Ergebnisse wurden nicht übernommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The message from %1 could not be recorded (%2); nothing of it was kept.</source>
        <translation>Die Nachricht von %1 konnte nicht erfasst werden (%2); nichts davon wurde behalten.</translation>
    </message>
    <message>
        <source>Cannot read the analyzer readings: %1</source>
        <translation>Die Messwerte der Analysegeräte können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The result has no test code where %1&apos;s profile (%2) puts it in R-3: check the analyzer&apos;s profile.</source>
        <translation>Das Ergebnis hat keinen Testcode an der Stelle in R-3, an die das Profil von %1 (%2) ihn setzt: das Profil des Analysegeräts prüfen.</translation>
    </message>
    <message>
        <source>%1 does not know the analyzer&apos;s test code %2: add it to the analyzer&apos;s map.</source>
        <translation>%1 kennt den Testcode %2 des Analysegeräts nicht: ihn in die Zuordnung des Analysegeräts aufnehmen.</translation>
    </message>
    <message>
        <source>No tube %1 is known here.</source>
        <translation>Hier ist kein Röhrchen %1 bekannt.</translation>
    </message>
    <message>
        <source>Cannot read the orders: %1</source>
        <translation>Die Anforderungen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 is not ordered on %2.</source>
        <translation>%1 ist auf %2 nicht angefordert.</translation>
    </message>
    <message>
        <source>The analyzer could not measure it (status %1, value &quot;%2&quot;).</source>
        <translation>Das Analysegerät konnte es nicht messen (Status %1, Wert „%2“).</translation>
    </message>
    <message>
        <source>A second value for %1 in the same message.</source>
        <translation>Ein zweiter Wert für %1 in derselben Nachricht.</translation>
    </message>
    <message>
        <source>Control %1 level %2 of %3: %4</source>
        <translation>Kontrolle %1 Level %2 von %3: %4</translation>
    </message>
    <message>
        <source>the analyzer could not measure it</source>
        <translation>das Analysegerät konnte es nicht messen</translation>
    </message>
    <message>
        <source>sent in %1, not the test&apos;s %2</source>
        <translation>in %1 gesendet, nicht in der Einheit %2 der Analyse</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>The analyzer ran %1 as a control (O-12 action code Q), but it is a patient&apos;s tube here: check the sample ID on the analyzer.</source>
        <translation>Das Analysegerät hat %1 als Kontrolle gemessen (O-12, Aktionscode Q), hier ist es aber das Röhrchen eines Patienten: die Proben-ID am Analysegerät prüfen.</translation>
    </message>
    <message>
        <source>The analyzer ran %1 as a control of %2 (O-12 action code Q), but no QC pattern matches it: give its lot and level one with &quot;qc lot pattern&quot;.</source>
        <translation>Das Analysegerät hat %1 als Kontrolle von %2 gemessen (O-12, Aktionscode Q), aber kein QK-Muster passt: Charge und Level mit „qc lot pattern“ eines geben.</translation>
    </message>
    <message>
        <source>%1 sent %2 for this measurement before (%3, measured %4) with another value, unit, status or flags, and not as a correction: check which is right.</source>
        <translation>%1 hat für diese Messung (%3, gemessen %4) schon einmal %2 gesendet, mit anderem Wert, anderer Einheit, anderem Status oder anderen Flags und nicht als Korrektur: prüfen, was richtig ist.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is the hospital&apos;s label of %n tubes here (%2): the analyzer must read the tube&apos;s own label.</source>
        <translation>
            <numerusform>%1 ist hier das Etikett des Krankenhauses für %n Röhrchen (%2): Das Gerät muss das eigene Etikett des Röhrchens lesen.</numerusform>
            <numerusform>%1 ist hier das Etikett des Krankenhauses für %n Röhrchen (%2): Das Gerät muss das eigene Etikett des Röhrchens lesen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AnalyzerMapCsv</name>
    <message>
        <source>The map is not UTF-8 text; save it as UTF-8.</source>
        <translation>Die Zuordnung ist kein UTF-8-Text; als UTF-8 speichern.</translation>
    </message>
    <message>
        <source>The map is empty: its first line must be analyzer_code,test,unit,factor.</source>
        <translation>Die Zuordnung ist leer: ihre erste Zeile muss analyzer_code,test,unit,factor lauten.</translation>
    </message>
    <message>
        <source>Line %1 must be the header analyzer_code,test,unit,factor, not &quot;%2&quot;.</source>
        <translation>Zeile %1 muss die Kopfzeile analyzer_code,test,unit,factor sein, nicht „%2“.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s), not 4</source>
        <translation>
            <numerusform>%n Feld, nicht 4</numerusform>
            <numerusform>%n Felder, nicht 4</numerusform>
        </translation>
    </message>
    <message>
        <source>the analyzer code and the test are both needed</source>
        <translation>Gerätecode und Analyse werden beide gebraucht</translation>
    </message>
    <message>
        <source>analyzer code %1 is mapped twice</source>
        <translation>Gerätecode %1 ist zweimal zugeordnet</translation>
    </message>
    <message>
        <source>factor &quot;%1&quot; is not a positive number (leave it empty for 1)</source>
        <translation>Faktor „%1“ ist keine positive Zahl (für 1 leer lassen)</translation>
    </message>
    <message>
        <source>The map was not taken: %1.</source>
        <translation>Die Zuordnung wurde nicht übernommen: %1.</translation>
    </message>
    <message>
        <source>The map has a header but no analyzer codes.</source>
        <translation>Die Zuordnung hat eine Kopfzeile, aber keine Gerätecodes.</translation>
    </message>
</context>
<context>
    <name>AnalyzerProjection</name>
    <message>
        <source>Updating the analyzer views failed: %1</source>
        <translation>Die Ansichten der Analysegeräte konnten nicht aktualisiert werden: %1</translation>
    </message>
</context>
<context>
    <name>AnalyzerRegistry</name>
    <message>
        <source>&quot;%1&quot; cannot name an analyzer: use up to 32 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, starting with a letter or digit.</source>
        <translation>„%1“ kann kein Analysegerät benennen: bis zu 32 Buchstaben, Ziffern, &apos;-&apos;, &apos;_&apos; oder &apos;.&apos; verwenden, beginnend mit Buchstabe oder Ziffer.</translation>
    </message>
    <message>
        <source>No analyzer %1 is set up here: add it first (analyzer add).</source>
        <translation>Hier ist kein Analysegerät %1 eingerichtet: zuerst hinzufügen (analyzer add).</translation>
    </message>
    <message>
        <source>Cannot read the map of %1: %2</source>
        <translation>Die Zuordnung von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the analyzers: %1</source>
        <translation>Die Analysegeräte können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Analyzer %1: %2</source>
        <translation>Analysegerät %1: %2</translation>
    </message>
    <message>
        <source>The map names tests the catalogue does not have: %1 (serum indices are written index:H, index:L and index:I). Nothing was changed.</source>
        <translation>Die Zuordnung nennt Tests, die der Katalog nicht hat: %1 (Serumindizes werden index:H, index:L und index:I geschrieben). Nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>AstmMessage</name>
    <message numerus="yes">
        <source>%n record(s) without an H record before them, the first: &quot;%1&quot;.</source>
        <translation>
            <numerusform>%n Datensatz ohne vorangehenden H-Datensatz, der erste: &quot;%1&quot;.</numerusform>
            <numerusform>%n Datensätze ohne vorangehenden H-Datensatz, der erste: &quot;%1&quot;.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AstmTranscript</name>
    <message>
        <source>The transcript %1 cannot be written: %2</source>
        <translation>Das Protokoll %1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Autoverifier</name>
    <message>
        <source>autoverification is off for %1</source>
        <translation>die Autovalidierung ist für %1 aus</translation>
    </message>
    <message>
        <source>not a numeric value</source>
        <translation>kein Zahlenwert</translation>
    </message>
    <message>
        <source>critical value (%1)</source>
        <translation>kritischer Wert (%1)</translation>
    </message>
    <message>
        <source>not judged by the patient&apos;s own range (%1)</source>
        <translation>nicht am eigenen Bereich des Patienten beurteilt (%1)</translation>
    </message>
    <message>
        <source>beyond the plausible limits</source>
        <translation>jenseits der Plausibilitätsgrenzen</translation>
    </message>
    <message>
        <source>analyzer flag %1</source>
        <translation>Kennzeichen %1 des Analysegeräts</translation>
    </message>
    <message>
        <source>analyzer status %1, not final</source>
        <translation>Status %1 des Analysegeräts, nicht endgültig</translation>
    </message>
    <message>
        <source>delta check exceeded</source>
        <translation>Delta-Check überschritten</translation>
    </message>
    <message>
        <source>changed by %1 since the previous value, more than %2</source>
        <translation>seit dem Vorwert um %1 geändert, mehr als %2</translation>
    </message>
    <message>
        <source>QC lockout: %1</source>
        <translation>QK-Sperre: %1</translation>
    </message>
    <message>
        <source>no QC run of %1 on this analyzer</source>
        <translation>kein QK-Lauf von %1 auf diesem Analysegerät</translation>
    </message>
    <message>
        <source>last QC run %1</source>
        <translation>letzter QK-Lauf %1</translation>
    </message>
    <message>
        <source>last QC run older than %1 h</source>
        <translation>letzter QK-Lauf älter als %1 h</translation>
    </message>
    <message>
        <source>the specimen is flagged for review</source>
        <translation>die Probe ist zur Prüfung markiert</translation>
    </message>
    <message>
        <source>no autoverification limits (no reference range)</source>
        <translation>keine Autovalidierungsgrenzen (kein Referenzbereich)</translation>
    </message>
    <message>
        <source>outside %1–%2</source>
        <translation>außerhalb %1–%2</translation>
    </message>
    <message>
        <source>within %1–%2</source>
        <translation>innerhalb %1–%2</translation>
    </message>
    <message>
        <source>QC accepted %1</source>
        <translation>QK angenommen %1</translation>
    </message>
    <message>
        <source>delta passed</source>
        <translation>Delta bestanden</translation>
    </message>
    <message>
        <source>no previous value</source>
        <translation>kein Vorwert</translation>
    </message>
    <message>
        <source>marked for manual review: %1</source>
        <translation>zur manuellen Prüfung markiert: %1</translation>
    </message>
    <message>
        <source>no hemolysis index from the analyzer</source>
        <translation>kein Hämolyseindex vom Analysegerät</translation>
    </message>
    <message>
        <source>hemolysis index %1 above %2</source>
        <translation>Hämolyseindex %1 über %2</translation>
    </message>
    <message>
        <source>no lipemia index from the analyzer</source>
        <translation>kein Lipämieindex vom Analysegerät</translation>
    </message>
    <message>
        <source>lipemia index %1 above %2</source>
        <translation>Lipämieindex %1 über %2</translation>
    </message>
    <message>
        <source>no icterus index from the analyzer</source>
        <translation>kein Ikterusindex vom Analysegerät</translation>
    </message>
    <message>
        <source>icterus index %1 above %2</source>
        <translation>Ikterusindex %1 über %2</translation>
    </message>
</context>
<context>
    <name>AutoverifyRate</name>
    <message>
        <source>Cannot count the results released by the rules: %1</source>
        <translation>Die von den Regeln freigegebenen Ergebnisse können nicht gezählt werden: %1</translation>
    </message>
</context>
<context>
    <name>AutoverifyRules</name>
    <message>
        <source>Give both autoverification limits (low and high), or neither to use the reference range.</source>
        <translation>Beide Autovalidierungsgrenzen (untere und obere) angeben, oder keine, um den Referenzbereich zu verwenden.</translation>
    </message>
    <message>
        <source>The low autoverification limit must be below the high one.</source>
        <translation>Die untere Autovalidierungsgrenze muss unter der oberen liegen.</translation>
    </message>
    <message>
        <source>The reference range may be widened by 0 to 50 % of its width.</source>
        <translation>Der Referenzbereich darf um 0 bis 50 % seiner Breite erweitert werden.</translation>
    </message>
    <message>
        <source>The delta limit must be a change above zero.</source>
        <translation>Die Delta-Grenze muss eine Änderung über null sein.</translation>
    </message>
    <message>
        <source>The QC run may be at most 1 minute to 7 days old (hours above 0, up to 168).</source>
        <translation>Der QK-Lauf darf höchstens 1 Minute bis 7 Tage alt sein (Stunden über 0, bis 168).</translation>
    </message>
    <message>
        <source>Off: every result of %1 waits for a person.</source>
        <translation>Aus: jedes Ergebnis von %1 wartet auf einen Menschen.</translation>
    </message>
    <message>
        <source>the value lies within %1–%2</source>
        <translation>der Wert liegt innerhalb %1–%2</translation>
    </message>
    <message>
        <source>the value lies within the patient&apos;s reference range widened by %1 % of its width</source>
        <translation>der Wert liegt im Referenzbereich des Patienten, erweitert um %1 % seiner Breite</translation>
    </message>
    <message>
        <source>the value lies within the patient&apos;s reference range</source>
        <translation>der Wert liegt im Referenzbereich des Patienten</translation>
    </message>
    <message>
        <source>never beyond the critical limits, and never when the patient&apos;s age or sex is unknown</source>
        <translation>nie jenseits der kritischen Grenzen und nie, wenn Alter oder Geschlecht des Patienten unbekannt sind</translation>
    </message>
    <message>
        <source>the analyzer sent no flag and no error</source>
        <translation>das Analysegerät hat kein Kennzeichen und keinen Fehler gesendet</translation>
    </message>
    <message>
        <source>the delta check passes and the change is at most %1</source>
        <translation>der Delta-Check besteht und die Änderung beträgt höchstens %1</translation>
    </message>
    <message>
        <source>the delta check passes, or there is no previous value</source>
        <translation>der Delta-Check besteht, oder es gibt keinen Vorwert</translation>
    </message>
    <message>
        <source>the last QC run of %1 on that analyzer was accepted within %2 h and the test is not locked</source>
        <translation>der letzte QK-Lauf von %1 auf diesem Analysegerät wurde innerhalb von %2 h angenommen und die Analyse ist nicht gesperrt</translation>
    </message>
    <message>
        <source>On (rules v%1): a result of %2 from an analyzer is released without a person when %3.</source>
        <translation>Ein (Regeln v%1): ein Ergebnis von %2 von einem Analysegerät wird ohne Menschen freigegeben, wenn %3.</translation>
    </message>
    <message>
        <source>A serum index limit must be a number of 0 or more.</source>
        <translation>Eine Grenze für einen Serumindex muss eine Zahl ab 0 sein.</translation>
    </message>
    <message>
        <source>the analyzer sent a hemolysis index of at most %1</source>
        <translation>das Analysegerät einen Hämolyseindex von höchstens %1 gesendet hat</translation>
    </message>
    <message>
        <source>the analyzer sent a lipemia index of at most %1</source>
        <translation>das Analysegerät einen Lipämieindex von höchstens %1 gesendet hat</translation>
    </message>
    <message>
        <source>the analyzer sent an icterus index of at most %1</source>
        <translation>das Analysegerät einen Ikterusindex von höchstens %1 gesendet hat</translation>
    </message>
    <message>
        <source>the specimen is neither flagged nor marked for review</source>
        <translation>die Probe weder zur Prüfung gekennzeichnet noch zur manuellen Prüfung markiert ist</translation>
    </message>
</context>
<context>
    <name>AutoverifyService</name>
    <message>
        <source>Cannot read the autoverification rules: %1</source>
        <translation>Die Regeln der Autovalidierung können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The autoverification rules of %1 cannot be read: %2</source>
        <translation>Die Autovalidierungsregeln von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Say why the rules change (--reason): it is kept with the new version.</source>
        <translation>Angeben, warum sich die Regeln ändern (--reason): die Begründung bleibt bei der neuen Version.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a test in the catalogue.</source>
        <translation>„%1“ ist keine Analyse aus dem Katalog.</translation>
    </message>
    <message>
        <source>Cannot read the QC runs: %1</source>
        <translation>Die QK-Läufe können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the review flags: %1</source>
        <translation>Die Prüfmarkierungen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the QC lockouts: %1</source>
        <translation>Die QK-Sperren können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>AutoverifyTrial</name>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the QC runs: %1</source>
        <translation>Die QK-Läufe können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>the QC run of %1 was rejected</source>
        <translation>der QK-Lauf von %1 wurde verworfen</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
</context>
<context>
    <name>BarcodeWriter</name>
    <message>
        <source>There is nothing to encode.</source>
        <translation>Es gibt nichts zu codieren.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be encoded as %2: %3</source>
        <translation>„%1“ lässt sich nicht als %2 codieren: %3</translation>
    </message>
    <message>
        <source>&quot;%1&quot; gave an empty %2 symbol.</source>
        <translation>„%1“ ergab ein leeres %2-Symbol.</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Cannot read the catalogue: %1</source>
        <translation>Der Katalog kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Hemolyzed</source>
        <translation>Hämolytisch</translation>
    </message>
    <message>
        <source>Clotted</source>
        <translation>Geronnen</translation>
    </message>
    <message>
        <source>Quantity not sufficient</source>
        <translation>Probenmenge nicht ausreichend</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Nicht etikettiert</translation>
    </message>
    <message>
        <source>Mislabeled</source>
        <translation>Falsch etikettiert</translation>
    </message>
    <message>
        <source>Wrong container</source>
        <translation>Falsches Gefäß</translation>
    </message>
    <message>
        <source>Leaking</source>
        <translation>Ausgelaufen</translation>
    </message>
    <message>
        <source>Stability expired</source>
        <translation>Stabilität überschritten</translation>
    </message>
</context>
<context>
    <name>CatalogChecker</name>
    <message>
        <source>either sex</source>
        <translation>beide Geschlechter</translation>
    </message>
    <message>
        <source>Numeric test without any reference range: add ranges that cover ages 0–%1 years (sex any, or F and M), or its results cannot be flagged.</source>
        <translation>Numerische Analyse ohne Referenzbereich: Bereiche für das Alter 0–%1 Jahre ergänzen (Geschlecht any, oder F und M), sonst können ihre Ergebnisse nicht gekennzeichnet werden.</translation>
    </message>
    <message>
        <source>No reference range for %1 aged %2–%3 years: add a range for them (sex %1 or any), or their results cannot be flagged.</source>
        <translation>Kein Referenzbereich für %1 im Alter von %2–%3 Jahren: einen Bereich ergänzen (Geschlecht %1 oder any), sonst können ihre Ergebnisse nicht gekennzeichnet werden.</translation>
    </message>
    <message>
        <source>Critical low %1 lies inside the normal interval %2–%3 of the range for %4 aged %5–%6 years: a critical limit must not be above the normal low; lower it to %2 or below.</source>
        <translation>Der untere kritische Wert %1 liegt im Normalbereich %2–%3 des Bereichs für %4 im Alter von %5–%6 Jahren: ein kritischer Grenzwert darf nicht über der unteren Normgrenze liegen; auf %2 oder darunter senken.</translation>
    </message>
    <message>
        <source>Critical high %1 lies inside the normal interval %2–%3 of the range for %4 aged %5–%6 years: a critical limit must not be below the normal high; raise it to %3 or above.</source>
        <translation>Der obere kritische Wert %1 liegt im Normalbereich %2–%3 des Bereichs für %4 im Alter von %5–%6 Jahren: ein kritischer Grenzwert darf nicht unter der oberen Normgrenze liegen; auf %3 oder darüber anheben.</translation>
    </message>
    <message>
        <source>No plausibility interval: add plausible_low and plausible_high (numbers in the test&apos;s unit) so that impossible values are caught.</source>
        <translation>Kein Plausibilitätsbereich: plausible_low und plausible_high (Zahlen in der Einheit der Analyse) ergänzen, damit unmögliche Werte abgefangen werden.</translation>
    </message>
    <message>
        <source>The plausibility interval needs both plausible_low and plausible_high, as numbers in the test&apos;s unit.</source>
        <translation>Der Plausibilitätsbereich braucht plausible_low und plausible_high, als Zahlen in der Einheit der Analyse.</translation>
    </message>
    <message>
        <source>The plausibility interval %1–%2 is empty: plausible_low must be below plausible_high.</source>
        <translation>Der Plausibilitätsbereich %1–%2 ist leer: plausible_low muss unter plausible_high liegen.</translation>
    </message>
    <message>
        <source>The plausibility interval %1–%2 does not contain every limit of the range for %3 aged %4–%5 years (%6 outside): widen the interval, or correct the range.</source>
        <translation>Der Plausibilitätsbereich %1–%2 enthält nicht alle Grenzen des Bereichs für %3 im Alter von %4–%5 Jahren (%6 außerhalb): den Bereich erweitern oder den Referenzbereich korrigieren.</translation>
    </message>
</context>
<context>
    <name>CatalogImporter</name>
    <message>
        <source>The catalogue is not valid JSON (%1 at byte %2).</source>
        <translation>Der Katalog ist kein gültiges JSON (%1 bei Byte %2).</translation>
    </message>
    <message>
        <source>Catalogue entry %1 of &quot;%2&quot; has no %3.</source>
        <translation>Katalogeintrag %1 von „%2“ hat kein Feld %3.</translation>
    </message>
    <message>
        <source>Test %1 refers to %2 &quot;%3&quot;, which the catalogue does not define.</source>
        <translation>Analyse %1 verweist auf %2 „%3“, das der Katalog nicht definiert.</translation>
    </message>
    <message>
        <source>User %1 has no valid role (technician, supervisor or administrator).</source>
        <translation>Benutzer %1 hat keine gültige Rolle (technician, supervisor oder administrator).</translation>
    </message>
    <message>
        <source>The catalogue defines nothing.</source>
        <translation>Der Katalog definiert nichts.</translation>
    </message>
</context>
<context>
    <name>ChainVerifier</name>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>station %1: entry %2 is missing (removed); the chain jumps from %3 to %4</source>
        <translation>Station %1: Eintrag %2 fehlt (entfernt); die Kette springt von %3 auf %4</translation>
    </message>
    <message>
        <source>station %1: entry %2 appears twice (an entry was inserted)</source>
        <translation>Station %1: Eintrag %2 kommt zweimal vor (ein Eintrag wurde eingefügt)</translation>
    </message>
    <message>
        <source>station %1: entry %2 (%3 %4) was altered: its content no longer matches its hash</source>
        <translation>Station %1: Eintrag %2 (%3 %4) wurde verändert: Sein Inhalt passt nicht mehr zu seinem Hash</translation>
    </message>
    <message>
        <source>station %1: entry %2 (%3 %4) was reordered: it was written after entry %5, not after entry %6</source>
        <translation>Station %1: Eintrag %2 (%3 %4) wurde umsortiert: Er wurde nach Eintrag %5 geschrieben, nicht nach Eintrag %6</translation>
    </message>
    <message>
        <source>station %1: entry %2 (%3 %4) does not continue the chain: an entry was inserted or replaced here</source>
        <translation>Station %1: Eintrag %2 (%3 %4) setzt die Kette nicht fort: Hier wurde ein Eintrag eingefügt oder ersetzt</translation>
    </message>
    <message>
        <source>station %1: entries %2 to %3 are missing (removed from the end of the chain)</source>
        <translation>Station %1: Die Einträge %2 bis %3 fehlen (am Ende der Kette entfernt)</translation>
    </message>
    <message>
        <source>station %1: entries after %2 were added outside Benchside (the chain head ends at %2)</source>
        <translation>Station %1: Die Einträge nach %2 wurden außerhalb von Benchside hinzugefügt (der Kettenkopf endet bei %2)</translation>
    </message>
    <message>
        <source>station %1: the newest entry %2 was replaced</source>
        <translation>Station %1: Der neueste Eintrag %2 wurde ersetzt</translation>
    </message>
</context>
<context>
    <name>CredentialRepository</name>
    <message>
        <source>Cannot read the users&apos; credentials: %1</source>
        <translation>Die Zugangsdaten der Benutzer können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>CustodyKinds</name>
    <message>
        <source>Accessioned</source>
        <translation>Erfasst</translation>
    </message>
    <message>
        <source>Created as aliquot</source>
        <translation>Als Aliquot angelegt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Centrifuged</source>
        <translation>Zentrifugiert</translation>
    </message>
    <message>
        <source>Aliquoted</source>
        <translation>Aliquotiert</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Eingelagert</translation>
    </message>
    <message>
        <source>Sent to bench</source>
        <translation>An Arbeitsplatz gesendet</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>Im Transport</translation>
    </message>
    <message>
        <source>Retrieved</source>
        <translation>Ausgelagert</translation>
    </message>
    <message>
        <source>Disposed</source>
        <translation>Entsorgt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Accessioned, not yet received</source>
        <translation>Erfasst, noch nicht eingegangen</translation>
    </message>
    <message>
        <source>At bench</source>
        <translation>Am Arbeitsplatz</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Auftrag storniert</translation>
    </message>
    <message>
        <source>Order changed</source>
        <translation>Auftrag geändert</translation>
    </message>
    <message>
        <source>Released by autoverification</source>
        <translation>Durch Autovalidierung freigegeben</translation>
    </message>
    <message>
        <source>Held for a person</source>
        <translation>Für einen Menschen zurückgehalten</translation>
    </message>
    <message>
        <source>Manual review</source>
        <translation>Manuelle Prüfung</translation>
    </message>
</context>
<context>
    <name>CustodyReport</name>
    <message>
        <source>No specimen %1 is known at this station.</source>
        <translation>An dieser Station ist keine Probe %1 bekannt.</translation>
    </message>
    <message>
        <source>Produced %1 at station %2 (site %3)</source>
        <translation>Erstellt %1 an Station %2 (Standort %3)</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source> · DEMO DATA</source>
        <translation> · DEMODATEN</translation>
    </message>
    <message>
        <source>Chain of custody — %1</source>
        <translation>Verwahrkette — %1</translation>
    </message>
    <message>
        <source>Since %1 — %2 by %3 at station %4</source>
        <translation>Seit %1 — %2 von %3 an Station %4</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>not identified</source>
        <translation>nicht identifiziert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <source>Specimen</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Accession number</source>
        <translation>Eingangsnummer</translation>
    </message>
    <message>
        <source>Aliquot of</source>
        <translation>Aliquot von</translation>
    </message>
    <message>
        <source>Aliquots</source>
        <translation>Aliquots</translation>
    </message>
    <message>
        <source>Specimen type</source>
        <translation>Probenart</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Gefäß</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Abgenommen</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Accessioned</source>
        <translation>Erfasst</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>Analysen</translation>
    </message>
    <message>
        <source>Custody timeline, newest first — steps: %1</source>
        <translation>Verlauf der Verwahrkette, neueste zuerst — Schritte: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Reason / detail</source>
        <translation>Grund / Detail</translation>
    </message>
    <message>
        <source>Each step is an entry of the station journal, which is append-only and hash-chained; the small identifier under each step names its journal entry. &quot;benchside-cli verify&quot; checks that no entry was altered or removed.</source>
        <translation>Jeder Schritt ist ein Eintrag im Stationsjournal, das nur fortgeschrieben wird und per Hash verkettet ist; die kleine Kennung unter jedem Schritt benennt seinen Journaleintrag. „benchside-cli verify“ prüft, dass kein Eintrag verändert oder entfernt wurde.</translation>
    </message>
    <message>
        <source>Cannot write the report to %1: %2</source>
        <translation>Der Bericht kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot write the report to %1.</source>
        <translation>Der Bericht kann nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>Benchside · chain-of-custody report · %1</source>
        <translation>Benchside · Bericht zur Verwahrkette · %1</translation>
    </message>
    <message>
        <source>Station %1 · site %2</source>
        <translation>Station %1 · Standort %2</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>Cannot finish the report %1.</source>
        <translation>Der Bericht %1 kann nicht fertiggestellt werden.</translation>
    </message>
</context>
<context>
    <name>CustodyRules</name>
    <message>
        <source>A correction must say why it is made.</source>
        <translation>Eine Korrektur muss begründet werden.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a specimen status. Use one of: %2.</source>
        <translation>„%1“ ist kein Probenstatus. Einen dieser Werte verwenden: %2.</translation>
    </message>
    <message>
        <source>%1 was disposed of on %2; nothing more can be recorded for it. If the disposal was recorded in error, record a correction with the reason.</source>
        <translation>%1 wurde am %2 entsorgt; dafür kann nichts mehr erfasst werden. Wurde die Entsorgung irrtümlich erfasst, eine Korrektur mit Begründung erfassen.</translation>
    </message>
    <message>
        <source>%1 was rejected; it can only be stored or disposed of. Recollect the specimen, or record a correction with the reason if the rejection was a mistake.</source>
        <translation>%1 wurde abgelehnt; die Probe kann nur noch eingelagert oder entsorgt werden. Die Probe neu abnehmen lassen oder, falls die Ablehnung ein Fehler war, eine Korrektur mit Begründung erfassen.</translation>
    </message>
    <message>
        <source>%1 was already received on %2 at station %3.</source>
        <translation>%1 ist bereits am %2 an Station %3 eingegangen.</translation>
    </message>
    <message>
        <source>Choose why %1 is rejected.</source>
        <translation>Den Grund wählen, aus dem %1 abgelehnt wird.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a rejection reason.</source>
        <translation>„%1“ ist kein Ablehnungsgrund.</translation>
    </message>
    <message>
        <source>%1 is not in storage, so it cannot be retrieved.</source>
        <translation>%1 ist nicht eingelagert und kann daher nicht ausgelagert werden.</translation>
    </message>
    <message>
        <source>%1 has not been received yet: receive it before recording &quot;%2&quot;.</source>
        <translation>%1 ist noch nicht eingegangen: Erst den Eingang buchen, dann „%2“ erfassen.</translation>
    </message>
    <message>
        <source>Say where %1 is stored (for example Freezer 2 / Rack 5 / B7).</source>
        <translation>Angeben, wo %1 eingelagert wird (zum Beispiel Gefrierschrank 2 / Rack 5 / B7).</translation>
    </message>
    <message>
        <source>Say where %1 is being sent.</source>
        <translation>Angeben, wohin %1 gesendet wird.</translation>
    </message>
    <message>
        <source>An aliquoting step makes 1 to %1 aliquots.</source>
        <translation>Ein Aliquotierschritt erzeugt 1 bis %1 Aliquots.</translation>
    </message>
</context>
<context>
    <name>CustodyService</name>
    <message>
        <source>No specimen %1 is known at this station. Check the number, or accession it first.</source>
        <translation>An dieser Station ist keine Probe %1 bekannt. Die Nummer prüfen oder die Probe zuerst erfassen.</translation>
    </message>
</context>
<context>
    <name>CustodyTrail</name>
    <message>
        <source>ordered via %1</source>
        <translation>angefordert über %1</translation>
    </message>
    <message>
        <source>ordered by %1 via %2</source>
        <translation>angefordert von %1 über %2</translation>
    </message>
    <message>
        <source>; the ward reports the specimen unfit: %1</source>
        <translation>; die Station meldet die Probe als ungeeignet: %1</translation>
    </message>
    <message>
        <source>cancelled %1</source>
        <translation>%1 storniert</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>via %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>marked for manual review</source>
        <translation>zur manuellen Prüfung markiert</translation>
    </message>
    <message>
        <source>manual review cleared</source>
        <translation>manuelle Prüfung aufgehoben</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>aus %1</translation>
    </message>
    <message>
        <source>into %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>status set to %1</source>
        <translation>Status auf %1 gesetzt</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot create the folder %1 for the database. Check that it is writable.</source>
        <translation>Der Ordner %1 für die Datenbank kann nicht angelegt werden. Prüfen, ob er beschreibbar ist.</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The database %1 is damaged or is not a Benchside database. Restore it from a backup or resynchronise the station; nothing has been changed.</source>
        <translation>Die Datenbank %1 ist beschädigt oder keine Benchside-Datenbank. Aus einer Sicherung wiederherstellen oder die Station neu synchronisieren; es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>Cannot check %1: %2</source>
        <translation>%1 kann nicht geprüft werden: %2</translation>
    </message>
    <message>
        <source>The database file %1 is damaged: %2</source>
        <translation>Die Datenbankdatei %1 ist beschädigt: %2</translation>
    </message>
    <message>
        <source>The SQLite driver is not available.</source>
        <translation>Der SQLite-Treiber ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Database error: %1</source>
        <translation>Datenbankfehler: %1</translation>
    </message>
    <message>
        <source>Cannot read the schema version of %1.</source>
        <translation>Die Schemaversion von %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot read migration %1.</source>
        <translation>Migration %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed and was rolled back: %2</source>
        <translation>Die Aktualisierung der Datenbank auf Schema %1 ist fehlgeschlagen und wurde zurückgenommen: %2</translation>
    </message>
    <message>
        <source>The database %1 was written by a newer Benchside (schema %2; this program knows up to %3). Update Benchside before opening it.</source>
        <translation>Die Datenbank %1 wurde von einem neueren Benchside geschrieben (Schema %2; dieses Programm kennt bis %3). Vor dem Öffnen Benchside aktualisieren.</translation>
    </message>
</context>
<context>
    <name>DeltaCheck</name>
    <message>
        <source>no delta limit for %1</source>
        <translation>kein Deltagrenzwert für %1</translation>
    </message>
    <message>
        <source>no previous result</source>
        <translation>kein Vorwert</translation>
    </message>
    <message>
        <source>previous %1, change %2, limit %3</source>
        <translation>Vorwert %1, Änderung %2, Grenze %3</translation>
    </message>
</context>
<context>
    <name>DemoAnalyzers</name>
    <message>
        <source>The demo analyzer %1 could not be set up: %2</source>
        <translation>Das Demo-Analysegerät %1 konnte nicht eingerichtet werden: %2</translation>
    </message>
    <message>
        <source>The map of the demo analyzer %1 could not be set: %2</source>
        <translation>Die Zuordnung des Demo-Analysegeräts %1 konnte nicht gesetzt werden: %2</translation>
    </message>
    <message>
        <source>demo: normal chemistry from the analyzer releases itself</source>
        <translation>Demo: normale Chemie vom Analysegerät gibt sich selbst frei</translation>
    </message>
</context>
<context>
    <name>DemoHl7</name>
    <message>
        <source>The demo&apos;s HL7 order %1 was not recorded: %2</source>
        <translation>Der HL7-Auftrag %1 der Demo wurde nicht erfasst: %2</translation>
    </message>
</context>
<context>
    <name>DemoQc</name>
    <message>
        <source>The demo catalogue has no technicians or supervisors for QC.</source>
        <translation>Der Demokatalog hat keine Techniker oder Supervisoren für die QK.</translation>
    </message>
    <message>
        <source>%1 control, level %2</source>
        <translation>%1-Kontrolle, Level %2</translation>
    </message>
    <message>
        <source>STAT samples from ICU; patient pool and the previous run agree</source>
        <translation>STAT-Proben von der Intensivstation; Patientenpool und vorheriger Lauf stimmen überein</translation>
    </message>
    <message>
        <source>Random error: fresh control vials opened, sample probe cleaned, controls rerun</source>
        <translation>Zufälliger Fehler: frische Kontrollfläschchen geöffnet, Probennadel gereinigt, Kontrollen wiederholt</translation>
    </message>
    <message>
        <source>Systematic error: reagent pack replaced and %1 recalibrated, controls rerun</source>
        <translation>Systematischer Fehler: Reagenzpack ersetzt und %1 neu kalibriert, Kontrollen wiederholt</translation>
    </message>
</context>
<context>
    <name>DemoRack</name>
    <message>
        <source>The tubes waiting for receipt could not be read: %1</source>
        <translation>Die Röhrchen, die auf den Eingang warten, können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No demo tube is waiting for receipt. Start again with a new demo database to get some.</source>
        <translation>Kein Demoröhrchen wartet auf den Eingang. Mit einer neuen Demodatenbank neu beginnen, um welche zu erhalten.</translation>
    </message>
</context>
<context>
    <name>DemoSeeder</name>
    <message>
        <source>This database holds real specimens; demo data is never mixed with them. Use a new database (--db) for the demo.</source>
        <translation>Diese Datenbank enthält echte Proben; Demodaten werden niemals damit vermischt. Für die Demo eine neue Datenbank (--db) verwenden.</translation>
    </message>
    <message>
        <source>The number of specimens cannot be negative.</source>
        <translation>Die Anzahl der Proben kann nicht negativ sein.</translation>
    </message>
    <message>
        <source>The demo catalogue is missing from this build.</source>
        <translation>Der Demokatalog fehlt in diesem Build.</translation>
    </message>
    <message>
        <source>Cannot read the catalogue.</source>
        <translation>Der Katalog kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot read the QC lots.</source>
        <translation>Die QK-Chargen können nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The demo catalogue is incomplete.</source>
        <translation>Der Demokatalog ist unvollständig.</translation>
    </message>
    <message>
        <source>Repeated after recalibration; agrees within the delta limit</source>
        <translation>Nach Neukalibrierung wiederholt; innerhalb der Deltagrenze übereinstimmend</translation>
    </message>
    <message>
        <source>Demo: every user&apos;s password is &quot;%1&quot; and PIN %2. Try p.nair (technician), a.okafor (supervisor) or admin (administrator); badges read BADGE- and the name, such as %3.</source>
        <translation>Demo: Das Passwort jedes Benutzers ist „%1“, die PIN %2. p.nair (Techniker), a.okafor (Supervisor) oder admin (Administrator) ausprobieren; Ausweise lauten BADGE- und der Name, etwa %3.</translation>
    </message>
</context>
<context>
    <name>EntryRules</name>
    <message>
        <source>%1 was cancelled (its specimen was rejected); no result can be entered.</source>
        <translation>%1 wurde storniert (die Probe wurde abgelehnt); es kann kein Ergebnis eingegeben werden.</translation>
    </message>
    <message>
        <source>%1 has not been received in the laboratory. Receive the tube before entering a result.</source>
        <translation>%1 ist im Labor noch nicht eingegangen. Vor der Ergebniseingabe den Eingang des Röhrchens buchen.</translation>
    </message>
    <message>
        <source>The result of %1 has been released. Amend it with a reason instead.</source>
        <translation>Das Ergebnis von %1 ist freigegeben. Stattdessen mit Begründung korrigieren.</translation>
    </message>
    <message>
        <source>The result of %1 has not been released yet: enter the corrected value instead of amending.</source>
        <translation>Das Ergebnis von %1 ist noch nicht freigegeben: Statt zu korrigieren, den richtigen Wert eingeben.</translation>
    </message>
    <message>
        <source>%1 was cancelled; its result cannot be amended.</source>
        <translation>%1 wurde storniert; das Ergebnis kann nicht korrigiert werden.</translation>
    </message>
    <message>
        <source>An amendment needs a reason (what was wrong with the released value).</source>
        <translation>Eine Korrektur braucht eine Begründung (was am freigegebenen Wert falsch war).</translation>
    </message>
</context>
<context>
    <name>EventStore</name>
    <message>
        <source>The database is busy or cannot be written (%1). Nothing was recorded; try again.</source>
        <translation>Die Datenbank ist belegt oder nicht beschreibbar (%1). Es wurde nichts erfasst; bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>The change could not be saved (%1). Nothing was recorded; try again.</source>
        <translation>Die Änderung konnte nicht gespeichert werden (%1). Es wurde nichts erfasst; bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot append event %1 to the journal: %2</source>
        <translation>Ereignis %1 kann nicht an das Journal angehängt werden: %2</translation>
    </message>
    <message>
        <source>Cannot move the head of station %1&apos;s chain: %2</source>
        <translation>Der Kettenkopf von Station %1 kann nicht fortgeschrieben werden: %2</translation>
    </message>
    <message>
        <source>A %1 event names a later event as its base; nothing was recorded.</source>
        <translation>Ein %1-Ereignis nennt ein späteres Ereignis als Grundlage; nichts wurde erfasst.</translation>
    </message>
</context>
<context>
    <name>Hl7Message</name>
    <message>
        <source>Not an HL7 v2 message: it does not start with an MSH segment.</source>
        <translation>Keine HL7-v2-Nachricht: sie beginnt nicht mit einem MSH-Segment.</translation>
    </message>
    <message>
        <source>MSH-18 declares 8859/1 but the text is UTF-8; read as UTF-8.</source>
        <translation>MSH-18 gibt 8859/1 an, der Text ist aber UTF-8; als UTF-8 gelesen.</translation>
    </message>
    <message>
        <source>MSH-18 declares the character set %1, which is not supported; read as UTF-8.</source>
        <translation>MSH-18 gibt den Zeichensatz %1 an, der nicht unterstützt wird; als UTF-8 gelesen.</translation>
    </message>
    <message>
        <source>MSH-18 declares ASCII but the text has other characters.</source>
        <translation>MSH-18 gibt ASCII an, der Text enthält aber andere Zeichen.</translation>
    </message>
    <message>
        <source>The text is not valid UTF-8; read as ISO 8859-1.</source>
        <translation>Der Text ist kein gültiges UTF-8; als ISO 8859-1 gelesen.</translation>
    </message>
    <message>
        <source>The MSH segment has no encoding characters (MSH-2).</source>
        <translation>Das MSH-Segment hat keine Codierungszeichen (MSH-2).</translation>
    </message>
    <message>
        <source>The encoding characters (MSH-2) must be different characters, none of them the field separator or a line break.</source>
        <translation>Die Trennzeichen (MSH-2) müssen verschiedene Zeichen sein, keines davon das Feldtrennzeichen oder ein Zeilenumbruch.</translation>
    </message>
</context>
<context>
    <name>Hl7OrderIntake</name>
    <message>
        <source>The message is larger than %1 bytes and was not read.</source>
        <translation>Die Nachricht ist größer als %1 Bytes und wurde nicht gelesen.</translation>
    </message>
    <message>
        <source>Message type %1 is not taken here: send orders as ORM^O01 or OML^O21.</source>
        <translation>Nachrichtentyp %1 wird hier nicht angenommen: Aufträge als ORM^O01 oder OML^O21 senden.</translation>
    </message>
    <message>
        <source>Trigger event %1 is not taken here: send orders as ORM^O01 or OML^O21.</source>
        <translation>Ereignis %1 wird hier nicht angenommen: Aufträge als ORM^O01 oder OML^O21 senden.</translation>
    </message>
    <message>
        <source>The message has no control ID (MSH-10), so a repeat could not be told from a new order: send it with one.</source>
        <translation>Die Nachricht hat keine Kontroll-ID (MSH-10), so wäre eine Wiederholung nicht von einem neuen Auftrag zu unterscheiden: mit Kontroll-ID senden.</translation>
    </message>
    <message>
        <source>Processing ID &quot;%1&quot; (MSH-11) is not P, T or D.</source>
        <translation>Verarbeitungs-ID „%1“ (MSH-11) ist nicht P, T oder D.</translation>
    </message>
    <message>
        <source>HL7 version &quot;%1&quot; (MSH-12) is not supported: use 2.3 to 2.6.</source>
        <translation>HL7-Version „%1“ (MSH-12) wird nicht unterstützt: 2.3 bis 2.6 verwenden.</translation>
    </message>
    <message>
        <source>Cannot read the catalogue: %1</source>
        <translation>Der Katalog kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The message could not be recorded: %1</source>
        <translation>Die Nachricht konnte nicht erfasst werden: %1</translation>
    </message>
    <message>
        <source>%1 needs a %2 specimen, not %3: order it on its own specimen.</source>
        <translation>%1 braucht eine Probe %2, nicht %3: auf einer eigenen Probe anfordern.</translation>
    </message>
    <message>
        <source>%1 was already ordered</source>
        <translation>%1 war bereits angefordert</translation>
    </message>
    <message>
        <source>Order %1 (ORC-2) is not known here, so it cannot be %2.</source>
        <translation>Auftrag %1 (ORC-2) ist hier nicht bekannt und kann daher nicht %2 werden.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>%1 on %2 already has a result and cannot be %3.</source>
        <translation>%1 auf %2 hat bereits ein Ergebnis und kann nicht %3 werden.</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>cancelled by %1</source>
        <translation>storniert durch %1</translation>
    </message>
    <message>
        <source>changed by %1</source>
        <translation>geändert durch %1</translation>
    </message>
    <message>
        <source>%1 needs a %2 specimen, which order %3 has no tube for: send it as a new order.</source>
        <translation>%1 braucht eine Probe %2, für die Auftrag %3 kein Röhrchen hat: als neuen Auftrag senden.</translation>
    </message>
    <message>
        <source>status of %1 noted</source>
        <translation>Status von %1 vermerkt</translation>
    </message>
    <message>
        <source>Order control code &quot;%1&quot; (ORC-1) is not taken here: use NW, CA, XO or SC.</source>
        <translation>Auftragssteuercode „%1“ (ORC-1) wird hier nicht angenommen: NW, CA, XO oder SC verwenden.</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>Order %1 here is another patient&apos;s (tube %2), not %3&apos;s, so nothing was %4: check the order number and the patient.</source>
        <translation>Auftrag %1 gehört hier einem anderen Patienten (Röhrchen %2), nicht %3, daher wurde nichts %4: Auftragsnummer und Patient prüfen.</translation>
    </message>
    <message>
        <source>The frame holds more than one message (a second MSH is segment %1), and none of them was taken: send one message per frame.</source>
        <translation>Der Rahmen enthält mehr als eine Nachricht (ein zweites MSH ist Segment %1), keine davon wurde übernommen: eine Nachricht pro Rahmen senden.</translation>
    </message>
    <message>
        <source>placed</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <source>Order %1 was cancelled here (%2), so it was not placed again: a new order needs a new placer order number.</source>
        <translation>Auftrag %1 wurde hier storniert (%2) und daher nicht erneut angelegt: ein neuer Auftrag braucht eine neue Auftragsnummer des Einsenders.</translation>
    </message>
    <message>
        <source>Order %1 is already here (%2) without %3: send the change as XO, or the new tests as a new order.</source>
        <translation>Auftrag %1 ist schon hier (%2), ohne %3: die Änderung als XO senden oder die neuen Tests als neuen Auftrag.</translation>
    </message>
    <message>
        <source>Order %1 is already here (%2) without specimen %3: send the specimen as a new order.</source>
        <translation>Auftrag %1 ist schon hier (%2), ohne Probe %3: die Probe als neuen Auftrag senden.</translation>
    </message>
    <message>
        <source>given a status</source>
        <translation>mit einem Status versehen</translation>
    </message>
</context>
<context>
    <name>Hl7OrderReader</name>
    <message>
        <source>The message has no patient (PID segment).</source>
        <translation>Die Nachricht enthält keinen Patienten (PID-Segment).</translation>
    </message>
    <message>
        <source>OBR %1 has no ORC before it.</source>
        <translation>Vor OBR %1 steht kein ORC.</translation>
    </message>
    <message>
        <source>The message has no order (ORC segment).</source>
        <translation>Die Nachricht enthält keinen Auftrag (ORC-Segment).</translation>
    </message>
    <message>
        <source>Order %1 has no placer order number (ORC-2 or OBR-2).</source>
        <translation>Auftrag %1 hat keine Auftragsnummer des Einsenders (ORC-2 oder OBR-2).</translation>
    </message>
    <message>
        <source>The patient has no identifier (PID-3).</source>
        <translation>Der Patient hat keine Kennung (PID-3).</translation>
    </message>
    <message>
        <source>The patient has no name (PID-5).</source>
        <translation>Der Patient hat keinen Namen (PID-5).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date of birth (PID-7): use YYYYMMDD, not in the future.</source>
        <translation>„%1“ ist kein Geburtsdatum (PID-7): JJJJMMTT verwenden, nicht in der Zukunft.</translation>
    </message>
    <message>
        <source>OBR %1 orders no test (OBR-4 is empty).</source>
        <translation>OBR %1 fordert keine Untersuchung an (OBR-4 ist leer).</translation>
    </message>
    <message>
        <source>Unknown test code %1 (%2, coding system %3) in OBR %4: add it to the catalogue&apos;s codes for %5, or correct the order.</source>
        <translation>Unbekannter Untersuchungscode %1 (%2, Kodiersystem %3) in OBR %4: in die Codes des Katalogs für %5 aufnehmen oder den Auftrag korrigieren.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>the sender</source>
        <translation>den Absender</translation>
    </message>
    <message>
        <source>The message holds orders for more than one patient: send one message per patient.</source>
        <translation>Die Nachricht enthält Aufträge für mehr als einen Patienten: eine Nachricht pro Patient senden.</translation>
    </message>
</context>
<context>
    <name>Hl7OrderRepository</name>
    <message>
        <source>Cannot read the HL7 records: %1</source>
        <translation>Die HL7-Daten können nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 is the hospital&apos;s order number of %n tubes (%2): scan the tube&apos;s own specimen label, or print ours for it.</source>
        <translation>
            <numerusform>%1 ist die Auftragsnummer der Klinik für %n Röhrchen (%2): das Probenetikett des Röhrchens scannen oder unseres dafür drucken.</numerusform>
            <numerusform>%1 ist die Auftragsnummer der Klinik für %n Röhrchen (%2): das Probenetikett des Röhrchens scannen oder unseres dafür drucken.</numerusform>
        </translation>
    </message>
    <message>
        <source>No inbound HL7 message %1 is recorded here.</source>
        <translation>Hier ist keine eingegangene HL7-Nachricht %1 erfasst.</translation>
    </message>
</context>
<context>
    <name>Hl7Outbox</name>
    <message>
        <source>A destination needs a name without &quot;/&quot;.</source>
        <translation>Ein Ziel braucht einen Namen ohne „/“.</translation>
    </message>
    <message>
        <source>A destination needs at least one of: %1.</source>
        <translation>Ein Ziel braucht mindestens eines von: %1.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an event to send; use %2.</source>
        <translation>„%1“ ist kein zu sendendes Ereignis; %2 verwenden.</translation>
    </message>
    <message>
        <source>Cannot read the HL7 destinations: %1</source>
        <translation>Die HL7-Ziele können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the HL7 outbox: %1</source>
        <translation>Der HL7-Ausgang kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot update the HL7 outbox: %1</source>
        <translation>Der HL7-Ausgang kann nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <source>No outbound message %1 is queued here.</source>
        <translation>Hier wartet keine ausgehende Nachricht %1.</translation>
    </message>
    <message>
        <source>Message %1 is %2, so it cannot be %3.</source>
        <translation>Nachricht %1 ist %2 und kann daher nicht %3 werden.</translation>
    </message>
    <message>
        <source>resent</source>
        <translation>erneut gesendet</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>Say why the message is discarded (--reason).</source>
        <translation>Bitte angeben, warum die Nachricht verworfen wird (--reason).</translation>
    </message>
    <message>
        <source>A destination needs a host and a port (HOST:PORT).</source>
        <translation>Ein Ziel braucht einen Host und einen Port (HOST:PORT).</translation>
    </message>
</context>
<context>
    <name>Hl7ResultComposer</name>
    <message>
        <source>Tube %1 of message %2 is not recorded here.</source>
        <translation>Röhrchen %1 der Nachricht %2 ist hier nicht erfasst.</translation>
    </message>
    <message>
        <source>%1 on %2 has no result to send.</source>
        <translation>%1 auf %2 hat kein Ergebnis zum Senden.</translation>
    </message>
    <message>
        <source>Critical result called to %1 by %2 at %3.</source>
        <translation>Kritischer Wert an %1 durchgegeben von %2 um %3.</translation>
    </message>
    <message>
        <source>Cannot read event %1: %2</source>
        <translation>Ereignis %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Event %1 of message %2 is not in the journal.</source>
        <translation>Ereignis %1 der Nachricht %2 ist nicht im Journal.</translation>
    </message>
    <message>
        <source>Cannot read the result history of %1 on %2: %3</source>
        <translation>Der Ergebnisverlauf von %1 auf %2 kann nicht gelesen werden: %3</translation>
    </message>
</context>
<context>
    <name>ImageDecoder</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is not a readable file.</source>
        <translation>%1 ist keine lesbare Datei.</translation>
    </message>
    <message>
        <source>%1 is not an image Benchside can read (%2). Use a PNG, JPEG, BMP or TIFF file.</source>
        <translation>%1 ist kein Bild, das Benchside lesen kann (%2). Eine PNG-, JPEG-, BMP- oder TIFF-Datei verwenden.</translation>
    </message>
</context>
<context>
    <name>ImageScan</name>
    <message>
        <source>No barcode could be read in the image. Photograph the label straight on, in focus and filling most of the picture, or scan the tube with the scanner.</source>
        <translation>Im Bild konnte kein Barcode gelesen werden. Das Etikett gerade, scharf und bildfüllend fotografieren oder das Röhrchen mit dem Scanner scannen.</translation>
    </message>
    <message>
        <source>The image shows %1 different codes (%2). Nothing was scanned: photograph one tube at a time.</source>
        <translation>Das Bild zeigt %1 verschiedene Codes (%2). Es wurde nichts gescannt: jeweils nur ein Röhrchen fotografieren.</translation>
    </message>
</context>
<context>
    <name>InterfaceLog</name>
    <message>
        <source>Cannot write the interface log: %1</source>
        <translation>Das Schnittstellenprotokoll kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the interface log: %1</source>
        <translation>Das Schnittstellenprotokoll kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>JournalPuller</name>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Pulling from the server failed: %1</source>
        <translation>Das Abrufen vom Server ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The station&apos;s database is busy (%1); the pull will continue at the next sync.</source>
        <translation>Die Datenbank der Station ist belegt (%1); der Abruf wird bei der nächsten Synchronisation fortgesetzt.</translation>
    </message>
    <message>
        <source>The server sent event %1 of station %2 (#%3) that does not continue the chain this station holds (#%4). That station&apos;s events from there on were not taken in; the server&apos;s copy may have been altered. Ask an administrator to run benchside-cli verify on the stations.</source>
        <translation>Der Server hat Ereignis %1 von Station %2 (#%3) gesendet, das die Kette dieser Station (#%4) nicht fortsetzt. Die Ereignisse jener Station ab dort wurden nicht übernommen; die Kopie auf dem Server wurde möglicherweise verändert. Einen Administrator bitten, benchside-cli verify auf den Stationen auszuführen.</translation>
    </message>
    <message>
        <source>Station %1&apos;s events from #%2 on were not taken in: %3</source>
        <translation>Die Ereignisse der Station %1 ab #%2 wurden nicht übernommen: %3</translation>
    </message>
    <message>
        <source>Cannot save the pulled events: %1</source>
        <translation>Die abgerufenen Ereignisse können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The server sent event %1 from &quot;%2&quot;, which is not a station name (2 to 8 capital letters and digits, starting and ending with a letter). No station can have written it, so its events were not taken in; the server&apos;s copy may have been altered. Tell the administrator of the sync server.</source>
        <translation>Der Server hat das Ereignis %1 von „%2“ gesendet, das kein Stationsname ist (2 bis 8 Großbuchstaben und Ziffern, mit einem Buchstaben am Anfang und am Ende). Keine Station kann es geschrieben haben, deshalb wurden seine Ereignisse nicht übernommen; die Kopie auf dem Server wurde möglicherweise verändert. Verständigen Sie den Administrator des Synchronisationsservers.</translation>
    </message>
</context>
<context>
    <name>JournalPusher</name>
    <message>
        <source>Cannot read this station&apos;s state on the server: %1</source>
        <translation>Der Stand dieser Station auf dem Server kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Station %1 is not registered on the server %2. Ask an administrator to run benchside-cli server add-station %1 and sync with the URL it prints.</source>
        <translation>Station %1 ist auf dem Server %2 nicht registriert. Einen Administrator bitten, benchside-cli server add-station %1 auszuführen, und mit der ausgegebenen URL synchronisieren.</translation>
    </message>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The server holds %1 events of station %2 but this station only %3, and they could not be pulled back. Nothing was pushed. Check that the station signs in with its own role.</source>
        <translation>Der Server hat %1 Ereignisse von Station %2, diese Station aber nur %3, und sie konnten nicht zurückgeholt werden. Es wurde nichts gesendet. Prüfen, ob sich die Station mit ihrer eigenen Rolle anmeldet.</translation>
    </message>
    <message>
        <source>This station&apos;s journal and the server&apos;s copy of it differ at event #%1: the station was probably restored from a backup and recorded new events before it synced. Nothing was pushed or pulled and nothing is lost: the station&apos;s events stay in its journal. Ask an administrator to reconcile the station (docs/sync.md, &quot;A station restored from a backup&quot;).</source>
        <translation>Das Journal dieser Station und seine Kopie auf dem Server unterscheiden sich bei Ereignis #%1: Die Station wurde vermutlich aus einer Sicherung wiederhergestellt und hat vor der Synchronisation neue Ereignisse erfasst. Es wurde nichts gesendet oder abgerufen, und es geht nichts verloren: Die Ereignisse der Station bleiben in ihrem Journal. Einen Administrator bitten, die Station abzugleichen (docs/sync.md, „A station restored from a backup“).</translation>
    </message>
    <message>
        <source>the server&apos;s row-level security refused it (%1): the station signs in with a role that may not write events of station %2.</source>
        <translation>Die Zeilensicherheit (Row-Level Security) des Servers hat es zurückgewiesen (%1): Die Station meldet sich mit einer Rolle an, die keine Ereignisse von Station %2 schreiben darf.</translation>
    </message>
    <message>
        <source>the server already holds a different event #%1 of this station (%2).</source>
        <translation>Der Server hat bereits ein anderes Ereignis #%1 dieser Station (%2).</translation>
    </message>
    <message>
        <source>Event #%1 (%2 %3) was refused by the server %4 times and is set aside: %5 The events after it wait behind it, kept in the journal; nothing is lost.</source>
        <translation>Ereignis #%1 (%2 %3) wurde vom Server %4-mal zurückgewiesen und wird zurückgestellt: %5 Die nachfolgenden Ereignisse warten dahinter und bleiben im Journal; es geht nichts verloren.</translation>
    </message>
    <message>
        <source>The server refused event #%1 (%2 %3), try %4 of %5: %6</source>
        <translation>Der Server hat Ereignis #%1 (%2 %3) zurückgewiesen, Versuch %4 von %5: %6</translation>
    </message>
    <message>
        <source>Event #%1 (%2 %3) is set aside after %4 refusals: %5 The events after it wait behind it; run benchside-cli sync --retry once the cause is fixed.</source>
        <translation>Ereignis #%1 (%2 %3) wird nach %4 Zurückweisungen zurückgestellt: %5 Die nachfolgenden Ereignisse warten dahinter; benchside-cli sync --retry ausführen, sobald die Ursache behoben ist.</translation>
    </message>
    <message>
        <source>Pushing to the server was interrupted: %1 The station&apos;s events are safe and will be sent at the next sync.</source>
        <translation>Das Senden an den Server wurde unterbrochen: %1 Die Ereignisse der Station sind sicher und werden bei der nächsten Synchronisation gesendet.</translation>
    </message>
</context>
<context>
    <name>KeyCapture</name>
    <message>
        <source>Line %1: the time %2 ms is more than a week after the start of the capture; a capture covers at most a week.</source>
        <translation>Zeile %1: Die Zeit %2 ms liegt mehr als eine Woche nach dem Beginn der Aufzeichnung; eine Aufzeichnung umfasst höchstens eine Woche.</translation>
    </message>
    <message>
        <source>Line %1 is not valid UTF-8.</source>
        <translation>Zeile %1 ist kein gültiges UTF-8.</translation>
    </message>
    <message>
        <source>Line %1: &quot;%2&quot; is not a time; each line starts with the milliseconds since the start of the capture, zero or more.</source>
        <translation>Zeile %1: „%2“ ist keine Zeit; jede Zeile beginnt mit den Millisekunden seit Beginn der Aufzeichnung, null oder mehr.</translation>
    </message>
    <message>
        <source>Line %1: the time %2 ms is earlier than the line before (%3 ms); keys must be listed in the order they were typed.</source>
        <translation>Zeile %1: Die Zeit %2 ms liegt vor der der vorigen Zeile (%3 ms); Tasten müssen in der Reihenfolge stehen, in der sie getippt wurden.</translation>
    </message>
    <message>
        <source>Line %1: a key is missing after the time %2.</source>
        <translation>Zeile %1: Nach der Zeit %2 fehlt eine Taste.</translation>
    </message>
    <message>
        <source>Line %1: one key per line is allowed, found &quot;%2&quot;.</source>
        <translation>Zeile %1: Pro Zeile ist eine Taste erlaubt, gefunden: „%2“.</translation>
    </message>
    <message>
        <source>Line %1: &quot;%2&quot; is not a key; write one character, or a key name such as Enter, Tab, Space, Escape or Shift.</source>
        <translation>Zeile %1: „%2“ ist keine Taste; ein Zeichen schreiben oder einen Tastennamen wie Enter, Tab, Space, Escape oder Shift.</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>%1 is already set up as a station; its identity cannot change.</source>
        <translation>%1 ist bereits als Station eingerichtet; ihre Identität kann sich nicht ändern.</translation>
    </message>
    <message>
        <source>There is no database at %1. Create it with &quot;benchside-cli init&quot; or start the demo.</source>
        <translation>Unter %1 gibt es keine Datenbank. Mit „benchside-cli init“ anlegen oder die Demo starten.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user of this station.</source>
        <translation>„%1“ ist kein Benutzer dieser Station.</translation>
    </message>
</context>
<context>
    <name>LabelLayout</name>
    <message>
        <source>A label needs an accession number.</source>
        <translation>Ein Etikett braucht eine Eingangsnummer.</translation>
    </message>
    <message>
        <source>The Code 128 of %1 needs %2 mm at %3 dpi, but the label is %4 mm wide. Use a wider label.</source>
        <translation>Der Code 128 von %1 braucht bei %3 dpi %2 mm, das Etikett ist aber %4 mm breit. Ein breiteres Etikett verwenden.</translation>
    </message>
    <message>
        <source>A %1 × %2 mm label is too small for the Data Matrix of %3. Use a taller label.</source>
        <translation>Ein Etikett von %1 × %2 mm ist zu klein für den Data-Matrix-Code von %3. Ein höheres Etikett verwenden.</translation>
    </message>
</context>
<context>
    <name>LabelPrinterClient</name>
    <message>
        <source>&quot;%1&quot; is not a label printer address: use host:port, for example 10.0.0.5:9100.</source>
        <translation>„%1“ ist keine Etikettendrucker-Adresse: host:port verwenden, zum Beispiel 10.0.0.5:9100.</translation>
    </message>
    <message>
        <source>No label printer address is set.</source>
        <translation>Es ist keine Etikettendrucker-Adresse eingestellt.</translation>
    </message>
    <message>
        <source>The label printer at %1 did not answer within %2 s. Check that it is on and on the network.</source>
        <translation>Der Etikettendrucker unter %1 hat nicht innerhalb von %2 s geantwortet. Prüfen, ob er eingeschaltet und im Netzwerk ist.</translation>
    </message>
    <message>
        <source>The label printer at %1 refused the connection: nothing accepts print jobs on port %2. Check the printer&apos;s address and port in the settings.</source>
        <translation>Der Etikettendrucker unter %1 hat die Verbindung abgelehnt: Auf Port %2 nimmt nichts Druckaufträge an. Adresse und Port des Druckers in den Einstellungen prüfen.</translation>
    </message>
    <message>
        <source>The label printer host &quot;%1&quot; was not found. Check the printer&apos;s address in the settings.</source>
        <translation>Der Etikettendrucker-Host „%1“ wurde nicht gefunden. Die Adresse des Druckers in den Einstellungen prüfen.</translation>
    </message>
    <message>
        <source>Cannot connect to the label printer at %1: %2</source>
        <translation>Keine Verbindung zum Etikettendrucker unter %1: %2</translation>
    </message>
    <message>
        <source>Sending the labels to %1 failed: %2</source>
        <translation>Das Senden der Etiketten an %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The label printer at %1 stopped taking data (%2 of %3 bytes sent): %4</source>
        <translation>Der Etikettendrucker unter %1 nimmt keine Daten mehr an (%2 von %3 Bytes gesendet): %4</translation>
    </message>
    <message>
        <source>The label printer at %1 did not close the connection after the job: %2</source>
        <translation>Der Etikettendrucker unter %1 hat die Verbindung nach dem Auftrag nicht geschlossen: %2</translation>
    </message>
</context>
<context>
    <name>LabelRenderer</name>
    <message>
        <source>Cannot write the label to %1: %2</source>
        <translation>Das Etikett kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot write the labels to %1: %2</source>
        <translation>Die Etiketten können nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Tube label %1</source>
        <translation>Röhrchenetikett %1</translation>
    </message>
    <message>
        <source>There is no label to print.</source>
        <translation>Es gibt kein Etikett zu drucken.</translation>
    </message>
    <message>
        <source>The printer does not accept a %1 × %2 mm page.</source>
        <translation>Der Drucker nimmt keine Seite von %1 × %2 mm an.</translation>
    </message>
    <message>
        <source>Cannot start printing the labels.</source>
        <translation>Der Etikettendruck kann nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Cannot start a new page for label %1.</source>
        <translation>Für Etikett %1 kann keine neue Seite begonnen werden.</translation>
    </message>
    <message>
        <source>Cannot finish printing the labels.</source>
        <translation>Der Etikettendruck kann nicht abgeschlossen werden.</translation>
    </message>
</context>
<context>
    <name>LeveyJenningsData</name>
    <message>
        <source>Lot %1: %2</source>
        <translation>Charge %1: %2</translation>
    </message>
</context>
<context>
    <name>ManualReview</name>
    <message>
        <source>Cannot read the specimen: %1</source>
        <translation>Die Probe kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No specimen %1 is known here.</source>
        <translation>Hier ist keine Probe %1 bekannt.</translation>
    </message>
    <message>
        <source>Say why %1 needs a person&apos;s review (--reason).</source>
        <translation>Sagen, warum %1 von einem Menschen geprüft werden muss (--reason).</translation>
    </message>
    <message>
        <source>Say why %1 no longer needs a person&apos;s review (--reason).</source>
        <translation>Sagen, warum %1 nicht mehr von einem Menschen geprüft werden muss (--reason).</translation>
    </message>
    <message>
        <source>%1 is already marked for manual review: %2</source>
        <translation>%1 ist bereits zur manuellen Prüfung markiert: %2</translation>
    </message>
    <message>
        <source>%1 is not marked for manual review.</source>
        <translation>%1 ist nicht zur manuellen Prüfung markiert.</translation>
    </message>
</context>
<context>
    <name>NotificationRules</name>
    <message>
        <source>%1 has no result to report yet.</source>
        <translation>Für %1 gibt es noch kein Ergebnis zu melden.</translation>
    </message>
    <message>
        <source>Name the person who was told the result.</source>
        <translation>Die Person nennen, der das Ergebnis mitgeteilt wurde.</translation>
    </message>
    <message>
        <source>The notification needs a confirmed read-back: the receiver repeats the result and you confirm it.</source>
        <translation>Die Benachrichtigung braucht ein bestätigtes Rücklesen: Der Empfänger wiederholt das Ergebnis, und Sie bestätigen es.</translation>
    </message>
    <message>
        <source>The notification time is in the future. Check the date and time.</source>
        <translation>Die Benachrichtigungszeit liegt in der Zukunft. Datum und Uhrzeit prüfen.</translation>
    </message>
    <message>
        <source>The notification time is before the current value of %1 was entered.</source>
        <translation>Die Benachrichtigungszeit liegt vor der Eingabe des aktuellen Werts von %1.</translation>
    </message>
</context>
<context>
    <name>OutcomeStyle</name>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Recorded. Put the tube in its rack.</source>
        <translation>Erfasst. Röhrchen ins Rack stellen.</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Gefunden</translation>
    </message>
    <message>
        <source>Nothing was recorded: this was a lookup.</source>
        <translation>Es wurde nichts erfasst: Dies war eine Abfrage.</translation>
    </message>
    <message>
        <source>Duplicate scan</source>
        <translation>Doppelter Scan</translation>
    </message>
    <message>
        <source>Scanned twice, recorded once. Carry on.</source>
        <translation>Zweimal gescannt, einmal erfasst. Weitermachen.</translation>
    </message>
    <message>
        <source>Already received</source>
        <translation>Bereits eingegangen</translation>
    </message>
    <message>
        <source>This tube was received earlier. Nothing was recorded.</source>
        <translation>Dieses Röhrchen ist bereits früher eingegangen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Unknown tube</source>
        <translation>Unbekanntes Röhrchen</translation>
    </message>
    <message>
        <source>Not known at this station. Accession it, or set it aside.</source>
        <translation>An dieser Station nicht bekannt. Erfassen oder beiseitelegen.</translation>
    </message>
    <message>
        <source>Misread number</source>
        <translation>Falsch gelesene Nummer</translation>
    </message>
    <message>
        <source>The check character does not match. Rescan or retype it. Nothing was recorded.</source>
        <translation>Das Prüfzeichen stimmt nicht. Erneut scannen oder neu eintippen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Not an accession number</source>
        <translation>Keine Eingangsnummer</translation>
    </message>
    <message>
        <source>Characters outside 0-9 and A-Z: is the scanner set to another keyboard layout? Nothing was recorded.</source>
        <translation>Zeichen außerhalb von 0–9 und A–Z: Ist der Scanner auf eine andere Tastaturbelegung eingestellt? Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Rejected specimen</source>
        <translation>Abgelehnte Probe</translation>
    </message>
    <message>
        <source>Do not process. Set the tube aside for the supervisor. Nothing was recorded.</source>
        <translation>Nicht bearbeiten. Röhrchen für den Supervisor beiseitelegen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Disposed specimen</source>
        <translation>Entsorgte Probe</translation>
    </message>
    <message>
        <source>This specimen was disposed of. Set it aside. Nothing was recorded.</source>
        <translation>Diese Probe wurde entsorgt. Beiseitelegen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Incomplete scan</source>
        <translation>Unvollständiger Scan</translation>
    </message>
    <message>
        <source>The scan ended without its Enter/Tab suffix. Check the scanner&apos;s suffix setting and rescan. Nothing was recorded.</source>
        <translation>Der Scan endete ohne das Enter/Tab-Suffix. Die Suffix-Einstellung des Scanners prüfen und erneut scannen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Nicht erfasst</translation>
    </message>
    <message>
        <source>A database error stopped this scan. Nothing was recorded: rescan the tube, and call support if it happens again.</source>
        <translation>Ein Datenbankfehler hat diesen Scan gestoppt. Es wurde nichts erfasst: Röhrchen erneut scannen und den Support anrufen, falls es wieder vorkommt.</translation>
    </message>
    <message>
        <source>Image not read</source>
        <translation>Bild nicht gelesen</translation>
    </message>
    <message>
        <source>No single code could be taken from the image. Nothing was recorded.</source>
        <translation>Aus dem Bild ließ sich kein eindeutiger Code entnehmen. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Scan a tube to receive it.</source>
        <translation>Röhrchen scannen, um den Eingang zu buchen.</translation>
    </message>
    <message>
        <source>Scan not used</source>
        <translation>Scan nicht verwendet</translation>
    </message>
    <message>
        <source>A dialog was open. Nothing was recorded: scan the tube again now.</source>
        <translation>Ein Dialog war geöffnet. Es wurde nichts erfasst: Scannen Sie das Röhrchen jetzt erneut.</translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <source>The cryptography library could not start.</source>
        <translation>Die Kryptografie-Bibliothek konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Not enough memory to hash the password; close other programs and try again.</source>
        <translation>Nicht genug Speicher, um das Passwort zu hashen; andere Programme schließen und erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>record bench work</source>
        <translation>Arbeitsplatztätigkeiten zu erfassen</translation>
    </message>
    <message>
        <source>verify results</source>
        <translation>Ergebnisse freizugeben</translation>
    </message>
    <message>
        <source>override a QC lockout</source>
        <translation>eine QK-Sperre aufzuheben</translation>
    </message>
    <message>
        <source>change QC lots, targets, rules or analyzer mappings</source>
        <translation>QK-Chargen, Zielwerte, Regeln oder Analysatorzuordnungen zu ändern</translation>
    </message>
    <message>
        <source>document QC corrective actions and look-back reviews</source>
        <translation>QK-Korrekturmaßnahmen und Prüfungen der Rückverfolgung zu dokumentieren</translation>
    </message>
    <message>
        <source>decide a review</source>
        <translation>über eine Prüfung zu entscheiden</translation>
    </message>
    <message>
        <source>edit the test catalogue, benches or locations</source>
        <translation>den Testkatalog, Arbeitsplätze oder Standorte zu bearbeiten</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>Benutzer zu verwalten</translation>
    </message>
    <message>
        <source>run the chain verification</source>
        <translation>die Kettenprüfung auszuführen</translation>
    </message>
    <message>
        <source>change the station&apos;s settings</source>
        <translation>die Einstellungen der Station zu ändern</translation>
    </message>
    <message>
        <source>only a supervisor may</source>
        <translation>das darf nur ein Supervisor</translation>
    </message>
    <message>
        <source>only an administrator may</source>
        <translation>das darf nur ein Administrator</translation>
    </message>
    <message>
        <source>supervisors and administrators may</source>
        <translation>das dürfen Supervisoren und Administratoren</translation>
    </message>
    <message>
        <source>technicians and supervisors may</source>
        <translation>das dürfen Techniker und Supervisoren</translation>
    </message>
    <message>
        <source>every user may</source>
        <translation>das darf jeder Benutzer</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user of this station.</source>
        <translation>„%1“ ist kein Benutzer dieser Station.</translation>
    </message>
    <message>
        <source>%1 (%2) may not %3: %4.</source>
        <translation>%1 (%2) ist nicht berechtigt, %3: %4.</translation>
    </message>
    <message>
        <source>configure interface destinations or resend and discard their messages</source>
        <translation>Schnittstellenziele einzurichten oder ihre Nachrichten erneut zu senden und zu verwerfen</translation>
    </message>
    <message>
        <source>change the autoverification rules</source>
        <translation>die Regeln der Autovalidierung ändern</translation>
    </message>
</context>
<context>
    <name>Projector</name>
    <message>
        <source>%1 of %2 from station %3 (#%4) could not be applied here and is left out of the views: %5</source>
        <translation>%1 zu %2 von Station %3 (#%4) konnte hier nicht angewendet werden und fehlt in den Ansichten: %5</translation>
    </message>
    <message>
        <source>Updating the views failed: %1</source>
        <translation>Die Aktualisierung der Ansichten ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 %2 by %3 at station %4 was decided without knowing of %5 by %6 at station %7. Both are kept; decide which result stands.</source>
        <translation>%1 %2 von %3 an Station %4 wurde ohne Kenntnis von %5 von %6 an Station %7 entschieden. Beides bleibt erhalten; entscheiden, welches Ergebnis gilt.</translation>
    </message>
    <message>
        <source>Cannot start the rebuild: %1</source>
        <translation>Der Neuaufbau kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Cannot clear %1: %2</source>
        <translation>%1 kann nicht geleert werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot commit the rebuild: %1</source>
        <translation>Der Neuaufbau kann nicht abgeschlossen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the indexes: %1</source>
        <translation>Die Indizes können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot set index %1 aside: %2</source>
        <translation>Index %1 kann nicht beiseitegelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot rebuild an index: %1</source>
        <translation>Ein Index kann nicht neu aufgebaut werden: %1</translation>
    </message>
    <message>
        <source>no specimen %1 is known here</source>
        <translation>hier ist keine Probe %1 bekannt</translation>
    </message>
</context>
<context>
    <name>QcAnalyzerMapping</name>
    <message>
        <source>&quot;%1&quot; is not FIELD=COLUMN; the fields are test, lot, level, value, time and run.</source>
        <translation>„%1“ ist nicht FELD=SPALTE; die Felder sind test, lot, level, value, time und run.</translation>
    </message>
    <message>
        <source>Unknown field &quot;%1&quot;; the fields are test, lot, level, value, time and run.</source>
        <translation>Unbekanntes Feld „%1“; die Felder sind test, lot, level, value, time und run.</translation>
    </message>
    <message>
        <source>The field %1 is mapped twice.</source>
        <translation>Das Feld %1 ist zweimal zugeordnet.</translation>
    </message>
    <message>
        <source>An analyzer needs a name.</source>
        <translation>Ein Analysegerät braucht einen Namen.</translation>
    </message>
    <message>
        <source>The mapping of %1 names no column for %2; the fields test, lot, level, value and time are required.</source>
        <translation>Die Zuordnung von %1 nennt keine Spalte für %2; die Felder test, lot, level, value und time sind erforderlich.</translation>
    </message>
    <message>
        <source>The column &quot;%1&quot; is mapped to two fields.</source>
        <translation>Die Spalte „%1“ ist zwei Feldern zugeordnet.</translation>
    </message>
    <message>
        <source>The time format &quot;%1&quot; cannot read a date and time back; use Qt&apos;s format letters, such as dd.MM.yyyy HH:mm.</source>
        <translation>Mit dem Zeitformat „%1“ lassen sich Datum und Uhrzeit nicht zurücklesen; die Formatbuchstaben von Qt verwenden, etwa dd.MM.yyyy HH:mm.</translation>
    </message>
</context>
<context>
    <name>QcChartLoader</name>
    <message>
        <source>No QC lot is defined for %1.</source>
        <translation>Für %1 ist keine QK-Charge definiert.</translation>
    </message>
    <message>
        <source>No lot %1 is defined for %2.</source>
        <translation>Für %2 ist keine Charge %1 definiert.</translation>
    </message>
</context>
<context>
    <name>QcCsvImporter</name>
    <message>
        <source>&quot;%1&quot; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has a decimal point in a file that uses decimal commas; which is meant is unclear</source>
        <translation>„%1“ enthält einen Dezimalpunkt in einer Datei mit Dezimalkommas; was gemeint ist, ist unklar</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has a comma; decimal commas are read only in files separated by &apos;;&apos; or tabs</source>
        <translation>„%1“ enthält ein Komma; Dezimalkommas werden nur in Dateien gelesen, die durch „;“ oder Tabulatoren getrennt sind</translation>
    </message>
    <message>
        <source>text after a closing quote</source>
        <translation>Text nach einem schließenden Anführungszeichen</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>ein Feld in Anführungszeichen ist nicht geschlossen</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; export it as UTF-8 (with or without BOM).</source>
        <translation>Die Datei ist kein UTF-8-Text; als UTF-8 exportieren (mit oder ohne BOM).</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>Line %1 (the header) cannot be read: %2.</source>
        <translation>Zeile %1 (die Kopfzeile) kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The header has no column &quot;%1&quot;, which the mapping of %2 names (%3). The header holds: %4.</source>
        <translation>Die Kopfzeile hat keine Spalte „%1“, die die Zuordnung von %2 nennt (%3). Die Kopfzeile enthält: %4.</translation>
    </message>
    <message>
        <source>missing column(s) %1 (the row has %2 fields, the header %3)</source>
        <translation>fehlende Spalte(n) %1 (die Zeile hat %2 Felder, die Kopfzeile %3)</translation>
    </message>
    <message>
        <source>no value in column(s) %1</source>
        <translation>kein Wert in Spalte(n) %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a control level (1 to 9, or L1, Level 1)</source>
        <translation>„%1“ ist kein Kontroll-Level (1 bis 9, oder L1, Level 1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date and time such as 2026-11-21T08:30</source>
        <translation>„%1“ ist kein Datum mit Uhrzeit wie 2026-11-21T08:30</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time in the format %2</source>
        <translation>„%1“ ist keine Zeit im Format %2</translation>
    </message>
</context>
<context>
    <name>QcLockout</name>
    <message>
        <source>Cannot read the QC lockouts: %1</source>
        <translation>Die QK-Sperren können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>run %1, %2</source>
        <translation>Lauf %1, %2</translation>
    </message>
    <message>
        <source>; latest rejected run %1</source>
        <translation>; letzter verworfener Lauf %1</translation>
    </message>
    <message>
        <source>QC for %1 on %2 was rejected (%3); a corrective action is documented, and results cannot be released until an accepted QC run follows or a supervisor overrides the lockout.</source>
        <translation>Die QK für %1 an %2 wurde verworfen (%3); eine Korrekturmaßnahme ist dokumentiert, und Ergebnisse können erst freigegeben werden, wenn ein angenommener QK-Lauf folgt oder ein Supervisor die Sperre aufhebt.</translation>
    </message>
    <message>
        <source>QC for %1 on %2 was rejected (%3): results cannot be released until a corrective action is documented and an accepted QC run follows, or a supervisor overrides the lockout.</source>
        <translation>Die QK für %1 an %2 wurde verworfen (%3): Ergebnisse können erst freigegeben werden, wenn eine Korrekturmaßnahme dokumentiert ist und ein angenommener QK-Lauf folgt oder ein Supervisor die Sperre aufhebt.</translation>
    </message>
    <message>
        <source>Cannot read the look-back: %1</source>
        <translation>Die Rückverfolgung kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>QC for %1 on %2 was rejected (%3). %4 overrode the lockout on %5, so results are released meanwhile; reason: %6. An accepted QC run after a corrective action ends the episode.</source>
        <translation>Die QK für %1 an %2 wurde verworfen (%3). %4 hat die Sperre am %5 aufgehoben, daher werden Ergebnisse vorerst freigegeben; Grund: %6. Ein angenommener QK-Lauf nach einer Korrekturmaßnahme beendet die Episode.</translation>
    </message>
</context>
<context>
    <name>QcPattern</name>
    <message>
        <source>A QC specimen pattern needs 1 to 64 characters.</source>
        <translation>Ein QK-Probenmuster braucht 1 bis 64 Zeichen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would take patients&apos; tubes for controls: give a pattern with at least two fixed characters, such as QC-GLU-L1-*.</source>
        <translation>„%1“ würde Patientenröhrchen für Kontrollen halten: ein Muster mit mindestens zwei festen Zeichen angeben, etwa QC-GLU-L1-*.</translation>
    </message>
    <message>
        <source>A QC specimen pattern cannot hold spaces or control characters.</source>
        <translation>Ein QK-Probenmuster darf keine Leer- oder Steuerzeichen enthalten.</translation>
    </message>
</context>
<context>
    <name>QcProjection</name>
    <message>
        <source>its payload does not name one test unambiguously</source>
        <translation>sein Inhalt nennt keinen eindeutigen Test</translation>
    </message>
    <message>
        <source>Updating the QC views failed: %1</source>
        <translation>Die Aktualisierung der QK-Ansichten ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>QcReplay</name>
    <message>
        <source>Cannot update the QC views: %1</source>
        <translation>Die QK-Ansichten können nicht aktualisiert werden: %1</translation>
    </message>
</context>
<context>
    <name>QcRepository</name>
    <message>
        <source>Cannot read the QC records: %1</source>
        <translation>Die QK-Daten können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>QcRuleSet</name>
    <message>
        <source>No QC rule that rejects a run is switched on; switch on at least 1-3s.</source>
        <translation>Keine QK-Regel, die einen Lauf verwirft, ist eingeschaltet; mindestens 1-3s einschalten.</translation>
    </message>
    <message>
        <source>10x, 8x and 12x are alternatives; choose one of them (%1 are on).</source>
        <translation>10x, 8x und 12x sind Alternativen; eine davon wählen (eingeschaltet sind %1).</translation>
    </message>
    <message>
        <source>QC rules must be a list of rule names such as &quot;1-3s&quot;.</source>
        <translation>QK-Regeln müssen eine Liste von Regelnamen wie „1-3s“ sein.</translation>
    </message>
    <message>
        <source>Unknown QC rule &quot;%1&quot;; the rules are %2.</source>
        <translation>Unbekannte QK-Regel „%1“; die Regeln sind %2.</translation>
    </message>
    <message>
        <source>1-2s: one measurement beyond mean ± 2 SD (warning)</source>
        <translation>1-2s: ein Messwert außerhalb Mittelwert ± 2 SD (Warnung)</translation>
    </message>
    <message>
        <source>1-3s: one measurement beyond mean ± 3 SD</source>
        <translation>1-3s: ein Messwert außerhalb Mittelwert ± 3 SD</translation>
    </message>
    <message>
        <source>2-2s: two measurements beyond the same 2 SD limit, in one run or in consecutive runs of a level</source>
        <translation>2-2s: zwei Messwerte jenseits derselben 2-SD-Grenze, in einem Lauf oder in aufeinanderfolgenden Läufen eines Levels</translation>
    </message>
    <message>
        <source>R-4s: in one run, one measurement beyond +2 SD and another beyond −2 SD</source>
        <translation>R-4s: in einem Lauf ein Messwert über +2 SD und ein anderer unter −2 SD</translation>
    </message>
    <message>
        <source>4-1s: four consecutive measurements beyond the same 1 SD limit</source>
        <translation>4-1s: vier aufeinanderfolgende Messwerte jenseits derselben 1-SD-Grenze</translation>
    </message>
    <message>
        <source>10x: ten consecutive measurements on the same side of the mean</source>
        <translation>10x: zehn aufeinanderfolgende Messwerte auf derselben Seite des Mittelwerts</translation>
    </message>
    <message>
        <source>8x: eight consecutive measurements on the same side of the mean</source>
        <translation>8x: acht aufeinanderfolgende Messwerte auf derselben Seite des Mittelwerts</translation>
    </message>
    <message>
        <source>12x: twelve consecutive measurements on the same side of the mean</source>
        <translation>12x: zwölf aufeinanderfolgende Messwerte auf derselben Seite des Mittelwerts</translation>
    </message>
    <message>
        <source>2of3-2s: two of three measurements beyond the same 2 SD limit</source>
        <translation>2of3-2s: zwei von drei Messwerten jenseits derselben 2-SD-Grenze</translation>
    </message>
    <message>
        <source>3-1s: three consecutive measurements beyond the same 1 SD limit</source>
        <translation>3-1s: drei aufeinanderfolgende Messwerte jenseits derselben 1-SD-Grenze</translation>
    </message>
    <message>
        <source>7T: seven consecutive measurements of a level steadily rising or falling</source>
        <translation>7T: sieben aufeinanderfolgende Messwerte eines Levels, stetig steigend oder fallend</translation>
    </message>
</context>
<context>
    <name>QcRunJudge</name>
    <message>
        <source>The QC run could not be judged: %1</source>
        <translation>Der QK-Lauf konnte nicht bewertet werden: %1</translation>
    </message>
    <message>
        <source>The QC run could not be judged: none of its values has a target.</source>
        <translation>Der QK-Lauf konnte nicht bewertet werden: Keiner seiner Werte hat einen Zielwert.</translation>
    </message>
</context>
<context>
    <name>QcService</name>
    <message>
        <source>&quot;%1&quot; is not a test in the catalogue.</source>
        <translation>„%1“ ist keine Analyse aus dem Katalog.</translation>
    </message>
    <message>
        <source>%1 has %2 results; quality control here is for numeric tests.</source>
        <translation>%1 hat Ergebnisse vom Typ %2; die Qualitätskontrolle ist hier für numerische Analysen.</translation>
    </message>
    <message>
        <source>A lot number needs 1 to %1 characters.</source>
        <translation>Eine Chargennummer braucht 1 bis %1 Zeichen.</translation>
    </message>
    <message>
        <source>A lot number cannot hold control characters.</source>
        <translation>Eine Chargennummer darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The level must be a whole number from 1 to %1.</source>
        <translation>Das Level muss eine ganze Zahl von 1 bis %1 sein.</translation>
    </message>
    <message>
        <source>Give both the target mean and SD (from the insert), or neither to let the lab&apos;s first %1 values set them.</source>
        <translation>Zielmittelwert und SD beide angeben (aus dem Beipackzettel) oder keinen von beiden, damit die ersten %1 Werte des Labors sie festlegen.</translation>
    </message>
    <message>
        <source>The target SD must be a number above zero, and the mean a number.</source>
        <translation>Die Ziel-SD muss eine Zahl größer null sein, der Mittelwert eine Zahl.</translation>
    </message>
    <message>
        <source>The expiry date must be a date such as 2027-03-31.</source>
        <translation>Das Verfallsdatum muss ein Datum wie 2027-03-31 sein.</translation>
    </message>
    <message>
        <source>Lot %1 expired on %2; it cannot be put into use.</source>
        <translation>Charge %1 ist am %2 abgelaufen; sie kann nicht in Gebrauch genommen werden.</translation>
    </message>
    <message>
        <source>Lot %1 level %2 of %3 is already defined; its targets are frozen, so a change means a new lot.</source>
        <translation>Charge %1 Level %2 von %3 ist bereits definiert; ihre Zielwerte sind eingefroren, eine Änderung bedeutet also eine neue Charge.</translation>
    </message>
    <message>
        <source>Lot %1 level %2 of %3 is not defined.</source>
        <translation>Charge %1 Level %2 von %3 ist nicht definiert.</translation>
    </message>
    <message>
        <source>The targets of lot %1 level %2 of %3 are already set and frozen.</source>
        <translation>Die Zielwerte von Charge %1 Level %2 von %3 sind bereits festgelegt und eingefroren.</translation>
    </message>
    <message>
        <source>measured at %1, which is in the future</source>
        <translation>gemessen um %1, also in der Zukunft</translation>
    </message>
    <message>
        <source>run %1 of %2 is no longer the newest (run %3 came after it); record the value in a new run</source>
        <translation>Lauf %1 von %2 ist nicht mehr der neueste (Lauf %3 kam danach); den Wert in einem neuen Lauf erfassen</translation>
    </message>
    <message>
        <source>measured %1, before the newest QC run of %2 already recorded (%3); runs are judged in the order they were measured</source>
        <translation>gemessen %1, vor dem bereits erfassten neuesten QK-Lauf von %2 (%3); Läufe werden in der Reihenfolge ihrer Messung bewertet</translation>
    </message>
    <message>
        <source>unknown lot %1 level %2 for %3</source>
        <translation>unbekannte Charge %1 Level %2 für %3</translation>
    </message>
    <message>
        <source>lot %1 expired on %2</source>
        <translation>Charge %1 ist am %2 abgelaufen</translation>
    </message>
    <message>
        <source>the value is not a number</source>
        <translation>der Wert ist keine Zahl</translation>
    </message>
    <message>
        <source>run %1 already has a value of lot %2 level %3 for %4</source>
        <translation>Lauf %1 hat bereits einen Wert von Charge %2 Level %3 für %4</translation>
    </message>
    <message>
        <source>A QC run needs at least one value.</source>
        <translation>Ein QK-Lauf braucht mindestens einen Wert.</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>QC for %1 on %2 is not locked out: there is no rejected run to act on.</source>
        <translation>Die QK für %1 an %2 ist nicht gesperrt: Es gibt keinen verworfenen Lauf, auf den zu reagieren wäre.</translation>
    </message>
    <message>
        <source>Describe the corrective action (what was found and what was done).</source>
        <translation>Die Korrekturmaßnahme beschreiben (was festgestellt und was getan wurde).</translation>
    </message>
    <message>
        <source>The outcome of a review is one of %1.</source>
        <translation>Das Ergebnis einer Prüfung ist eines von %1.</translation>
    </message>
    <message>
        <source>Say what was done (a note) when a result was %1.</source>
        <translation>Angeben, was getan wurde (eine Notiz), wenn ein Ergebnis %1 war.</translation>
    </message>
    <message>
        <source>QC for %1 on %2 has never been rejected: there is no look-back to review.</source>
        <translation>Die QK für %1 an %2 wurde nie verworfen: Es gibt keine Rückverfolgung zu prüfen.</translation>
    </message>
    <message>
        <source>Run %1 did not lock %2 on %3.</source>
        <translation>Lauf %1 hat %2 an %3 nicht gesperrt.</translation>
    </message>
    <message>
        <source>%1 is not in the look-back of the rejected %2 run %3.</source>
        <translation>%1 gehört nicht zur Rückverfolgung des verworfenen %2-Laufs %3.</translation>
    </message>
    <message>
        <source>%1 was already reviewed by %2 (%3).</source>
        <translation>%1 wurde bereits von %2 geprüft (%3).</translation>
    </message>
    <message>
        <source>An override needs a reason; the journal keeps it.</source>
        <translation>Eine Aufhebung braucht eine Begründung; das Journal bewahrt sie auf.</translation>
    </message>
    <message>
        <source>The lockout of %1 on %2 is already overridden (by %3).</source>
        <translation>Die Sperre von %1 an %2 ist bereits aufgehoben (von %3).</translation>
    </message>
    <message>
        <source>Lot %1 level %2 of %3 is not defined: define it first (qc lot add).</source>
        <translation>Charge %1 Level %2 von %3 ist nicht angelegt: zuerst anlegen (qc lot add).</translation>
    </message>
    <message>
        <source>Cannot read the specimens: %1</source>
        <translation>Die Proben können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; matches the patient tube %2: a control pattern must never catch a patient&apos;s tube. Use the analyzer&apos;s own QC IDs, such as QC-GLU-L1-*.</source>
        <translation>„%1“ passt auf das Patientenröhrchen %2: ein Kontrollmuster darf nie ein Patientenröhrchen erfassen. Die QK-Kennungen des Analysegeräts verwenden, etwa QC-GLU-L1-*.</translation>
    </message>
    <message>
        <source>Cannot read the QC patterns: %1</source>
        <translation>Die QK-Muster können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>QcTargetEstimator</name>
    <message>
        <source>%1 of the %2 values needed to establish a target are recorded; %3 more are needed.</source>
        <translation>%1 der %2 Werte, die für einen Zielwert nötig sind, sind erfasst; %3 weitere werden gebraucht.</translation>
    </message>
    <message>
        <source>The first %1 values are all the same, so they give no SD; enter the target from the manufacturer&apos;s insert instead.</source>
        <translation>Die ersten %1 Werte sind alle gleich und ergeben daher keine SD; stattdessen den Zielwert aus dem Beipackzettel des Herstellers eingeben.</translation>
    </message>
</context>
<context>
    <name>RackLayout</name>
    <message>
        <source>&quot;%1&quot; is not a rack size. Give rows x columns, for example 8x12, with 1 to %2 rows and 1 to %3 columns.</source>
        <translation>„%1“ ist keine Rackgröße. Zeilen x Spalten angeben, zum Beispiel 8x12, mit 1 bis %2 Zeilen und 1 bis %3 Spalten.</translation>
    </message>
</context>
<context>
    <name>RackMapper</name>
    <message>
        <source>No code in the image could be read, so no well can be placed. Check that the image shows the bottoms of the tubes, in focus.</source>
        <translation>Im Bild konnte kein Code gelesen werden, daher lässt sich keine Position zuordnen. Prüfen, ob das Bild die Röhrchenböden scharf zeigt.</translation>
    </message>
    <message>
        <source>The codes in the image spread over %1 rows and %2 columns, but the rack is %3. Check the rack size, and that the image is not turned a quarter.</source>
        <translation>Die Codes im Bild verteilen sich über %1 Zeilen und %2 Spalten, das Rack ist aber %3. Die Rackgröße prüfen und ob das Bild um eine Vierteldrehung gedreht ist.</translation>
    </message>
</context>
<context>
    <name>RackService</name>
    <message>
        <source>Say where the rack is stored, for example &quot;Freezer 2 / Rack 5&quot;.</source>
        <translation>Angeben, wo das Rack eingelagert wird, zum Beispiel „Gefrierschrank 2 / Rack 5“.</translation>
    </message>
    <message>
        <source>No tube.</source>
        <translation>Kein Röhrchen.</translation>
    </message>
    <message>
        <source>A tube is there but its code could not be read. Scan it by hand.</source>
        <translation>Hier steht ein Röhrchen, aber sein Code konnte nicht gelesen werden. Von Hand scannen.</translation>
    </message>
    <message>
        <source>%1 was read in more than one well: neither is recorded. Check the labels.</source>
        <translation>%1 wurde in mehr als einer Position gelesen: Keine davon wird erfasst. Die Etiketten prüfen.</translation>
    </message>
    <message>
        <source>%1 is not known at this station. Accession it first.</source>
        <translation>%1 ist an dieser Station nicht bekannt. Zuerst erfassen.</translation>
    </message>
    <message>
        <source> (hospital label %1 is %2: print our label for it)</source>
        <translation> (Klinik-Etikett %1 ist %2: unser Etikett dafür drucken)</translation>
    </message>
</context>
<context>
    <name>RackWellStyle</name>
    <message>
        <source>known</source>
        <translation>bekannt</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>doppelt</translation>
    </message>
    <message>
        <source>received</source>
        <translation>eingegangen</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>eingelagert</translation>
    </message>
    <message>
        <source>misread</source>
        <translation>falsch gelesen</translation>
    </message>
    <message>
        <source>not an accession</source>
        <translation>keine Eingangsnummer</translation>
    </message>
    <message>
        <source>not received</source>
        <translation>nicht eingegangen</translation>
    </message>
    <message>
        <source>already received</source>
        <translation>bereits eingegangen</translation>
    </message>
    <message>
        <source>disposed</source>
        <translation>entsorgt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
</context>
<context>
    <name>RebuildCheck</name>
    <message>
        <source>Cannot create a scratch folder for the check.</source>
        <translation>Für die Prüfung kann kein Arbeitsordner angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot copy the journal: %1</source>
        <translation>Das Journal kann nicht kopiert werden: %1</translation>
    </message>
    <message>
        <source>missing from the live table</source>
        <translation>fehlt in der Live-Tabelle</translation>
    </message>
    <message>
        <source>in the live table but not in the journal</source>
        <translation>in der Live-Tabelle, aber nicht im Journal</translation>
    </message>
    <message>
        <source>Cannot compare %1: %2</source>
        <translation>%1 kann nicht verglichen werden: %2</translation>
    </message>
    <message>
        <source>%1: %2 row(s) %3</source>
        <translation>%1: %2 Zeile(n) %3</translation>
    </message>
</context>
<context>
    <name>ResultFlags</name>
    <message>
        <source>Not flagged</source>
        <translation>Nicht gekennzeichnet</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critically low</source>
        <translation>Kritisch niedrig</translation>
    </message>
    <message>
        <source>Critically high</source>
        <translation>Kritisch hoch</translation>
    </message>
    <message>
        <source>Abnormal</source>
        <translation>Auffällig</translation>
    </message>
</context>
<context>
    <name>ResultJudge</name>
    <message>
        <source>age unknown: judged against all ranges</source>
        <translation>Alter unbekannt: an allen Bereichen beurteilt</translation>
    </message>
    <message>
        <source>sex unknown: judged against all ranges</source>
        <translation>Geschlecht unbekannt: an allen Bereichen beurteilt</translation>
    </message>
    <message>
        <source>age and sex unknown: judged against all ranges</source>
        <translation>Alter und Geschlecht unbekannt: an allen Bereichen beurteilt</translation>
    </message>
    <message>
        <source>no range covers this patient: judged against all ranges</source>
        <translation>kein Bereich passt zu diesem Patienten: an allen Bereichen beurteilt</translation>
    </message>
    <message>
        <source>no reference range in the catalogue</source>
        <translation>kein Referenzbereich im Katalog</translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation>Alter unbekannt</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>Geschlecht unbekannt</translation>
    </message>
    <message>
        <source>age, sex unknown</source>
        <translation>Alter, Geschlecht unbekannt</translation>
    </message>
    <message>
        <source>no range for patient</source>
        <translation>kein Bereich für Patient</translation>
    </message>
    <message>
        <source>no range</source>
        <translation>kein Bereich</translation>
    </message>
</context>
<context>
    <name>ResultRepository</name>
    <message>
        <source>Cannot read the orders: %1</source>
        <translation>Die Aufträge können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the catalogue: %1</source>
        <translation>Der Katalog kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a test in the catalogue.</source>
        <translation>„%1“ ist keine Analyse aus dem Katalog.</translation>
    </message>
    <message>
        <source>Cannot read the patient&apos;s previous results: %1</source>
        <translation>Die Vorwerte des Patienten können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the result history: %1</source>
        <translation>Der Ergebnisverlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the result of %1: %2</source>
        <translation>Das Ergebnis von %1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>ResultService</name>
    <message>
        <source>No test order %1 is known at this station.</source>
        <translation>An dieser Station ist kein Auftrag %1 bekannt.</translation>
    </message>
    <message>
        <source>flagged %1: review it on its own</source>
        <translation>gekennzeichnet %1: einzeln prüfen</translation>
    </message>
    <message>
        <source>delta check exceeded: review it on its own</source>
        <translation>Deltacheck überschritten: einzeln prüfen</translation>
    </message>
    <message>
        <source>%1 %2 is outside what %3 can plausibly be (%4 to %5 %2): probably a typing or unit error. Check the value and its unit; if it is right, confirm it with a reason.</source>
        <translation>%1 %2 liegt außerhalb dessen, was %3 plausibel sein kann (%4 bis %5 %2): wahrscheinlich ein Tipp- oder Einheitenfehler. Wert und Einheit prüfen; ist er richtig, mit einer Begründung bestätigen.</translation>
    </message>
    <message>
        <source>judged without the patient&apos;s own range (%1): review it on its own</source>
        <translation>ohne den eigenen Bereich des Patienten beurteilt (%1): einzeln prüfen</translation>
    </message>
    <message>
        <source>recorded before ranges were judged for every patient</source>
        <translation>erfasst, bevor Ergebnisse für jeden Patienten beurteilt wurden</translation>
    </message>
    <message>
        <source>confirmed beyond the plausible limits: review it on its own</source>
        <translation>außerhalb der Plausibilitätsgrenzen bestätigt: einzeln prüfen</translation>
    </message>
    <message>
        <source>the analyzer&apos;s status is %1, not final: review it on its own</source>
        <translation>der Status des Geräts ist %1, nicht endgültig: einzeln prüfen</translation>
    </message>
    <message>
        <source>the analyzer flagged it %1: review it on its own</source>
        <translation>das Gerät hat es mit %1 markiert: einzeln prüfen</translation>
    </message>
    <message>
        <source>the analyzer commented on it (%1): review it on its own</source>
        <translation>das Gerät hat es kommentiert (%1): einzeln prüfen</translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <source>Cannot read the review list: %1</source>
        <translation>Die Prüfliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Say which result stands and why (--note).</source>
        <translation>Angeben, welches Ergebnis gilt und warum (--note).</translation>
    </message>
    <message>
        <source>%1 has nothing waiting for review.</source>
        <translation>Für %1 wartet nichts auf eine Prüfung.</translation>
    </message>
</context>
<context>
    <name>ScanProcessor</name>
    <message>
        <source>%1 is not known at this station. Accession it if it is a new specimen.</source>
        <translation>%1 ist an dieser Station nicht bekannt. Erfassen, wenn es eine neue Probe ist.</translation>
    </message>
    <message>
        <source>%1 was scanned again: it was already received %2 s ago. Nothing was recorded twice.</source>
        <translation>%1 wurde erneut gescannt: Der Eingang wurde bereits vor %2 s gebucht. Nichts wurde doppelt erfasst.</translation>
    </message>
    <message>
        <source>%1 (hospital label %2: print our label %3 for it)</source>
        <translation>%1 (Klinik-Etikett %2: unser Etikett %3 dafür drucken)</translation>
    </message>
</context>
<context>
    <name>ScanReplayer</name>
    <message>
        <source>A scan of &quot;%1&quot; ended without the scanner&apos;s suffix key and was ignored. Scan the tube again; if this repeats, check the suffix setting.</source>
        <translation>Ein Scan von „%1“ endete ohne die Suffix-Taste des Scanners und wurde ignoriert. Das Röhrchen erneut scannen; wiederholt sich das, die Suffix-Einstellung prüfen.</translation>
    </message>
</context>
<context>
    <name>SerialFramer</name>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>The serial scanner sent more than %1 characters without a pause, starting &quot;%2…&quot;; they were discarded. Check the scanner&apos;s settings and scan again.</source>
        <translation>Der serielle Scanner hat mehr als %1 Zeichen ohne Pause gesendet, beginnend mit „%2…“; sie wurden verworfen. Die Einstellungen des Scanners prüfen und erneut scannen.</translation>
    </message>
    <message>
        <source>The serial scanner sent more than %1 characters without its suffix (%2), starting &quot;%3…&quot;; they were discarded. Check the scanner&apos;s suffix setting and scan again.</source>
        <translation>Der serielle Scanner hat mehr als %1 Zeichen ohne sein Suffix (%2) gesendet, beginnend mit „%3…“; sie wurden verworfen. Die Suffix-Einstellung des Scanners prüfen und erneut scannen.</translation>
    </message>
    <message>
        <source>The serial scanner sent &quot;%1&quot;, which holds characters that cannot be printed, so it was not used. Scan the tube again; if it happens again, check the scanner&apos;s settings.</source>
        <translation>Der serielle Scanner hat „%1“ gesendet, das nicht druckbare Zeichen enthält, daher wurde es nicht verwendet. Das Röhrchen erneut scannen; passiert es wieder, die Einstellungen des Scanners prüfen.</translation>
    </message>
    <message>
        <source>The serial scanner sent &quot;%1&quot; without its suffix (%2), so it was not used. Check the scanner&apos;s suffix setting and scan again.</source>
        <translation>Der serielle Scanner hat „%1“ ohne sein Suffix (%2) gesendet, daher wurde es nicht verwendet. Die Suffix-Einstellung des Scanners prüfen und erneut scannen.</translation>
    </message>
</context>
<context>
    <name>ServerAdmin</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s schema</source>
        <translation>Das Schema des Servers kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s schema version</source>
        <translation>Die Schemaversion des Servers kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Cannot read the server&apos;s encoding</source>
        <translation>Die Zeichenkodierung des Servers kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>The database %1 uses the %2 encoding; Benchside needs UTF8. Create it with CREATE DATABASE … ENCODING &apos;UTF8&apos; TEMPLATE template0.</source>
        <translation>Die Datenbank %1 verwendet die Kodierung %2; Benchside braucht UTF8. Mit CREATE DATABASE … ENCODING &apos;UTF8&apos; TEMPLATE template0 anlegen.</translation>
    </message>
    <message>
        <source>Cannot read the server migration %1.</source>
        <translation>Die Servermigration %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot start a transaction on the server: %1</source>
        <translation>Auf dem Server kann keine Transaktion gestartet werden: %1</translation>
    </message>
    <message>
        <source>Setting up the server schema %1 failed and was rolled back: %2</source>
        <translation>Das Einrichten des Serverschemas %1 ist fehlgeschlagen und wurde zurückgenommen: %2</translation>
    </message>
    <message>
        <source>Cannot commit the server schema %1: %2</source>
        <translation>Das Serverschema %1 kann nicht festgeschrieben werden: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be a station id: use 2 to 8 characters A-Z or 0-9 that start and end with a letter, as the station was set up with.</source>
        <translation>„%1“ kann keine Stations-ID sein: 2 bis 8 Zeichen A–Z oder 0–9 verwenden, die mit einem Buchstaben beginnen und enden, so wie die Station eingerichtet wurde.</translation>
    </message>
    <message>
        <source>Name the station&apos;s site (--site); stations read the events of their own site.</source>
        <translation>Den Standort der Station nennen (--site); Stationen lesen die Ereignisse ihres eigenen Standorts.</translation>
    </message>
    <message>
        <source>The server has no Benchside schema yet. Run benchside-cli server init first.</source>
        <translation>Der Server hat noch kein Benchside-Schema. Zuerst benchside-cli server init ausführen.</translation>
    </message>
    <message>
        <source>station %1 is already registered on the server.</source>
        <translation>Station %1 ist auf dem Server bereits registriert.</translation>
    </message>
    <message>
        <source>Cannot add station %1: %2</source>
        <translation>Station %1 kann nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>the role %1 already exists on this server.</source>
        <translation>Die Rolle %1 existiert auf diesem Server bereits.</translation>
    </message>
    <message>
        <source>Cannot read the stations</source>
        <translation>Die Stationen können nicht gelesen werden</translation>
    </message>
    <message>
        <source>Cannot count the server&apos;s events</source>
        <translation>Die Ereignisse des Servers können nicht gezählt werden</translation>
    </message>
</context>
<context>
    <name>ServerConnection</name>
    <message>
        <source>Qt&apos;s PostgreSQL driver is not installed. Install libqt6sql6-psql and try again.</source>
        <translation>Der PostgreSQL-Treiber von Qt ist nicht installiert. libqt6sql6-psql installieren und erneut versuchen.</translation>
    </message>
    <message>
        <source>Cannot reach the sync server %1: %2 Nothing was changed on this station; it keeps working offline and will try again.</source>
        <translation>Der Sync-Server %1 ist nicht erreichbar: %2 An dieser Station wurde nichts geändert; sie arbeitet offline weiter und versucht es erneut.</translation>
    </message>
    <message>
        <source>The sync server %1 refused the session settings: %2</source>
        <translation>Der Sync-Server %1 hat die Sitzungseinstellungen abgelehnt: %2</translation>
    </message>
    <message>
        <source>the server refused the station&apos;s password (%1). Check the sync URL or ask an administrator for a new one (benchside-cli server add-station).</source>
        <translation>Der Server hat das Passwort der Station abgelehnt (%1). Die Sync-URL prüfen oder einen Administrator um eine neue bitten (benchside-cli server add-station).</translation>
    </message>
    <message>
        <source>the server&apos;s TLS certificate could not be verified (%1). Check sslrootcert and that the host name matches the certificate.</source>
        <translation>Das TLS-Zertifikat des Servers konnte nicht geprüft werden (%1). sslrootcert prüfen und ob der Hostname zum Zertifikat passt.</translation>
    </message>
    <message>
        <source>the server does not answer (%1). Check the network and the server address.</source>
        <translation>Der Server antwortet nicht (%1). Netzwerk und Serveradresse prüfen.</translation>
    </message>
</context>
<context>
    <name>ServerUrl</name>
    <message>
        <source>&quot;%1&quot; is not a server URL. Give one like postgresql://station@server.example:5432/benchside?sslmode=verify-full.</source>
        <translation>„%1“ ist keine Server-URL. Eine wie postgresql://station@server.example:5432/benchside?sslmode=verify-full angeben.</translation>
    </message>
    <message>
        <source>The server URL names no host. Give one like postgresql://station@HOST/benchside.</source>
        <translation>Die Server-URL nennt keinen Host. Einen wie postgresql://station@HOST/benchside angeben.</translation>
    </message>
    <message>
        <source>The server URL names no database. Add it after the host: postgresql://station@%1/benchside.</source>
        <translation>Die Server-URL nennt keine Datenbank. Sie nach dem Host ergänzen: postgresql://station@%1/benchside.</translation>
    </message>
    <message>
        <source>The server URL names no user. Put the station&apos;s role before the host: postgresql://ROLE@%1/%2.</source>
        <translation>Die Server-URL nennt keinen Benutzer. Die Rolle der Station vor den Host setzen: postgresql://ROLE@%1/%2.</translation>
    </message>
    <message>
        <source>sslmode &quot;%1&quot; is not known; use one of %2.</source>
        <translation>sslmode „%1“ ist unbekannt; eines von %2 verwenden.</translation>
    </message>
    <message>
        <source>connect_timeout must be 1 to 300 seconds, not &quot;%1&quot;.</source>
        <translation>connect_timeout muss 1 bis 300 Sekunden betragen, nicht „%1“.</translation>
    </message>
    <message>
        <source>The server URL option &quot;%1&quot; is not supported; use sslmode, sslrootcert, sslcert, sslkey or connect_timeout.</source>
        <translation>Die Server-URL-Option „%1“ wird nicht unterstützt; sslmode, sslrootcert, sslcert, sslkey oder connect_timeout verwenden.</translation>
    </message>
    <message>
        <source>sslmode=%1 checks the server&apos;s certificate against a CA certificate: give the CA&apos;s file (sslrootcert=/path/to/ca.crt in a URL).</source>
        <translation>sslmode=%1 prüft das Zertifikat des Servers gegen ein CA-Zertifikat: die Datei der CA angeben (sslrootcert=/pfad/zu/ca.crt in einer URL).</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The scanner key gap must be between 5 and 200 ms.</source>
        <translation>Der Tastenabstand des Scanners muss zwischen 5 und 200 ms liegen.</translation>
    </message>
    <message>
        <source>A scanner prefix has at most 4 characters.</source>
        <translation>Ein Scanner-Präfix hat höchstens 4 Zeichen.</translation>
    </message>
    <message>
        <source>The scanner suffix must be enter, tab, enter-or-tab or none.</source>
        <translation>Das Scanner-Suffix muss enter, tab, enter-or-tab oder none sein.</translation>
    </message>
    <message>
        <source>The shortest scan must be 1 to %1 characters.</source>
        <translation>Der kürzeste Scan muss 1 bis %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The duplicate-scan window must be 0 to 3600 seconds.</source>
        <translation>Das Zeitfenster für doppelte Scans muss 0 bis 3600 Sekunden betragen.</translation>
    </message>
    <message>
        <source>A serial port name has no spaces (for example /dev/ttyACM0).</source>
        <translation>Ein serieller Portname enthält keine Leerzeichen (zum Beispiel /dev/ttyACM0).</translation>
    </message>
    <message>
        <source>The serial baud rate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200.</source>
        <translation>Die serielle Baudrate muss 1200, 2400, 4800, 9600, 19200, 38400, 57600 oder 115200 sein.</translation>
    </message>
    <message>
        <source>The serial suffix must be cr, lf, crlf, tab or none.</source>
        <translation>Das serielle Suffix muss cr, lf, crlf, tab oder none sein.</translation>
    </message>
    <message>
        <source>A label side must be between 15 and 150 mm.</source>
        <translation>Eine Etikettenseite muss zwischen 15 und 150 mm lang sein.</translation>
    </message>
    <message>
        <source>The label printer resolution must be 152, 203, 300 or 600 dpi.</source>
        <translation>Die Auflösung des Etikettendruckers muss 152, 203, 300 oder 600 dpi betragen.</translation>
    </message>
    <message>
        <source>The label printer address must be host:port, for example 10.0.0.5:9100.</source>
        <translation>Die Etikettendrucker-Adresse muss host:port sein, zum Beispiel 10.0.0.5:9100.</translation>
    </message>
    <message>
        <source>The server URL in the settings carries no password; the password is kept sealed apart from it.</source>
        <translation>Die Server-URL in den Einstellungen enthält kein Passwort; das Passwort wird getrennt davon versiegelt aufbewahrt.</translation>
    </message>
    <message>
        <source>The sync interval must be 5 to 3600 seconds.</source>
        <translation>Das Sync-Intervall muss 5 bis 3600 Sekunden betragen.</translation>
    </message>
    <message>
        <source>The language must be system or one of %1.</source>
        <translation>Die Sprache muss system oder eine von %1 sein.</translation>
    </message>
    <message>
        <source>The idle lock must be 0 (off) to 240 minutes.</source>
        <translation>Die Sperre bei Inaktivität muss 0 (aus) bis 240 Minuten betragen.</translation>
    </message>
    <message>
        <source>The HL7 listener setting must be true or false.</source>
        <translation>Die Einstellung für den HL7-Empfang muss true oder false sein.</translation>
    </message>
    <message>
        <source>The HL7 listener needs a port from 1 to 65535.</source>
        <translation>Der HL7-Empfang braucht einen Port von 1 bis 65535.</translation>
    </message>
    <message>
        <source>A camera is named by its device (for example /dev/video0), on one line.</source>
        <translation>Eine Kamera wird mit ihrem Gerät benannt (zum Beispiel /dev/video0), in einer Zeile.</translation>
    </message>
</context>
<context>
    <name>SignInService</name>
    <message>
        <source>Cannot read the sign-in history: %1</source>
        <translation>Der Anmeldeverlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for %1: try again in %2 s.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen für %1: in %2 s erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 has no PIN yet: sign in with your password, or ask an administrator.</source>
        <translation>%1 hat noch keine PIN: mit dem Passwort anmelden oder einen Administrator fragen.</translation>
    </message>
    <message>
        <source>%1 has no password yet: an administrator sets one.</source>
        <translation>%1 hat noch kein Passwort: Ein Administrator vergibt eines.</translation>
    </message>
    <message>
        <source>Wrong PIN. Scan your badge and type the PIN again.</source>
        <translation>Falsche PIN. Den Ausweis scannen und die PIN erneut eingeben.</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>Benutzername oder Passwort ist falsch.</translation>
    </message>
    <message>
        <source>Type your user name, or scan your badge.</source>
        <translation>Den Benutzernamen eingeben oder den Ausweis scannen.</translation>
    </message>
    <message>
        <source>This badge is registered to %1; an administrator must give it to one person only. Sign in with your user name and password.</source>
        <translation>Dieser Ausweis ist %1 zugeordnet; ein Administrator muss ihn genau einer Person geben. Mit Benutzername und Passwort anmelden.</translation>
    </message>
    <message>
        <source>This badge is not registered on this station. Sign in with your user name and password, or ask an administrator to register it.</source>
        <translation>Dieser Ausweis ist an dieser Station nicht registriert. Mit Benutzername und Passwort anmelden oder einen Administrator bitten, ihn zu registrieren.</translation>
    </message>
</context>
<context>
    <name>Specimen</name>
    <message>
        <source>patient not identified</source>
        <translation>Patient nicht identifiziert</translation>
    </message>
    <message>
        <source>%1 (MRN %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
</context>
<context>
    <name>SpecimenRepository</name>
    <message>
        <source>Cannot look up %1: %2</source>
        <translation>%1 kann nicht nachgeschlagen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the orders of %1: %2</source>
        <translation>Die Aufträge von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the aliquots of %1: %2</source>
        <translation>Die Aliquots von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the custody of %1: %2</source>
        <translation>Die Verwahrkette von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the accession counter: %1</source>
        <translation>Der Zähler für Eingangsnummern kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>SqliteStatement</name>
    <message>
        <source>There is no open SQLite database to run the statement on.</source>
        <translation>Es ist keine SQLite-Datenbank geöffnet, auf der die Anweisung laufen könnte.</translation>
    </message>
    <message>
        <source>The statement needs %1 values but was given %2.</source>
        <translation>Die Anweisung braucht %1 Werte, erhielt aber %2.</translation>
    </message>
</context>
<context>
    <name>Station</name>
    <message>
        <source>Cannot read the station identity: %1</source>
        <translation>Die Identität der Station kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>This database has not been set up as a station yet. Run &quot;benchside-cli init&quot; (or &quot;seed-demo&quot; for a demo database) first.</source>
        <translation>Diese Datenbank ist noch nicht als Station eingerichtet. Zuerst „benchside-cli init“ ausführen (oder „seed-demo“ für eine Demodatenbank).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be a station id: use 2 to 8 characters A-Z or 0-9 that start and end with a letter, for example RCV or LAB2A.</source>
        <translation>„%1“ kann keine Stations-ID sein: 2 bis 8 Zeichen A–Z oder 0–9 verwenden, die mit einem Buchstaben beginnen und enden, zum Beispiel RCV oder LAB2A.</translation>
    </message>
    <message>
        <source>This database is already set up as a station; its identity cannot change.</source>
        <translation>Diese Datenbank ist bereits als Station eingerichtet; ihre Identität kann sich nicht ändern.</translation>
    </message>
    <message>
        <source>Cannot mark the database as a demo: %1</source>
        <translation>Die Datenbank kann nicht als Demo markiert werden: %1</translation>
    </message>
</context>
<context>
    <name>StationCredentials</name>
    <message>
        <source>Cannot read the sync key %1: %2</source>
        <translation>Der Sync-Schlüssel %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The sync key %1 is damaged. Set the server URL and password again.</source>
        <translation>Der Sync-Schlüssel %1 ist beschädigt. Server-URL und Passwort neu setzen.</translation>
    </message>
    <message>
        <source>No sync password is set up on this station. Set the server URL in the settings, with the password printed by benchside-cli server add-station.</source>
        <translation>Auf dieser Station ist kein Sync-Passwort eingerichtet. Die Server-URL in den Einstellungen setzen, mit dem Passwort, das benchside-cli server add-station ausgegeben hat.</translation>
    </message>
    <message>
        <source>The cryptography library could not start.</source>
        <translation>Die Kryptografie-Bibliothek konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Cannot write the sync key %1: %2</source>
        <translation>Der Sync-Schlüssel %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>No sync server is set up on this station. Give --url, or set the server in the settings.</source>
        <translation>Auf dieser Station ist kein Sync-Server eingerichtet. --url angeben oder den Server in den Einstellungen setzen.</translation>
    </message>
    <message>
        <source>The sealed sync password is damaged. Set the server URL and password again.</source>
        <translation>Das versiegelte Sync-Passwort ist beschädigt. Server-URL und Passwort neu setzen.</translation>
    </message>
    <message>
        <source>The sealed sync password does not open with this station&apos;s key %1. Set the server URL and password again.</source>
        <translation>Das versiegelte Sync-Passwort lässt sich mit dem Schlüssel %1 dieser Station nicht öffnen. Server-URL und Passwort neu setzen.</translation>
    </message>
</context>
<context>
    <name>SubjectReplay</name>
    <message>
        <source>Cannot update the views: %1</source>
        <translation>Die Ansichten können nicht aktualisiert werden: %1</translation>
    </message>
</context>
<context>
    <name>SyncEngine</name>
    <message>
        <source>Cannot read the review list: %1</source>
        <translation>Die Prüfliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The server could not note how far this station has pulled (server status will show it behind): %1</source>
        <translation>Der Server konnte nicht vermerken, wie weit diese Station abgerufen hat (der Serverstatus zeigt sie im Rückstand): %1</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <source>Cannot record the sync state: %1</source>
        <translation>Der Sync-Status kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the sync state: %1</source>
        <translation>Der Sync-Status kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the dead-letter list: %1</source>
        <translation>Die Liste der zurückgestellten Ereignisse kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot change the dead-letter list: %1</source>
        <translation>Die Liste der zurückgestellten Ereignisse kann nicht geändert werden: %1</translation>
    </message>
</context>
<context>
    <name>TableExporter</name>
    <message>
        <source>printed %1</source>
        <translation>gedruckt %1</translation>
    </message>
    <message>
        <source>printed %1 by %2</source>
        <translation>gedruckt %1 von %2</translation>
    </message>
    <message>
        <source>The table is still loading (%1 rows so far), so it was not saved. Try again when the list is complete.</source>
        <translation>Die Tabelle lädt noch (bisher %1 Zeilen) und wurde daher nicht gespeichert. Erneut versuchen, wenn die Liste vollständig ist.</translation>
    </message>
    <message>
        <source>Cannot write the table: %1</source>
        <translation>Die Tabelle kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Cannot print: %1</source>
        <translation>Drucken nicht möglich: %1</translation>
    </message>
    <message>
        <source>the page could not be started</source>
        <translation>die Seite konnte nicht begonnen werden</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>a new page could not be started</source>
        <translation>eine neue Seite konnte nicht begonnen werden</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 Zeile</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>the pages could not be finished</source>
        <translation>die Seiten konnten nicht abgeschlossen werden</translation>
    </message>
</context>
<context>
    <name>TatStatistics</name>
    <message>
        <source>The end of the period is not after its start.</source>
        <translation>Das Ende des Zeitraums liegt nicht nach seinem Anfang.</translation>
    </message>
    <message>
        <source>Cannot read turnaround times: %1</source>
        <translation>Die Bearbeitungszeiten können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>Benchside has no translation into &quot;%1&quot;.</source>
        <translation>Für „%1“ hat Benchside keine Übersetzung.</translation>
    </message>
    <message>
        <source>The translation %1 cannot be read.</source>
        <translation>Die Übersetzung %1 kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>TubeLabel</name>
    <message>
        <source>PATIENT NOT IDENTIFIED</source>
        <translation>PATIENT NICHT IDENTIFIZIERT</translation>
    </message>
    <message>
        <source>MRN %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>DOB %1</source>
        <translation>Geb. %1</translation>
    </message>
    <message>
        <source>aliquot of %1</source>
        <translation>Aliquot von %1</translation>
    </message>
</context>
<context>
    <name>UnmatchedReadings</name>
    <message>
        <source>Cannot read the unmatched analyzer results: %1</source>
        <translation>Die nicht zugeordneten Geräteergebnisse können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No unmatched analyzer result %1 is known here (see analyzer unmatched).</source>
        <translation>Hier ist kein nicht zugeordnetes Geräteergebnis %1 bekannt (siehe analyzer unmatched).</translation>
    </message>
    <message>
        <source>%1 was already %2 by %3.</source>
        <translation>%1 wurde bereits von %3 erledigt (%2).</translation>
    </message>
    <message>
        <source>%1 has no map entry for the analyzer&apos;s code %2: add it to the map first, so that the reading has a test.</source>
        <translation>%1 hat keinen Zuordnungseintrag für den Gerätecode %2: ihn zuerst in die Zuordnung aufnehmen, damit der Messwert eine Analyse hat.</translation>
    </message>
    <message>
        <source>No tube %1 is known here.</source>
        <translation>Hier ist kein Röhrchen %1 bekannt.</translation>
    </message>
    <message>
        <source>A reading is discarded only with a reason (kept in the audit trail).</source>
        <translation>Ein Messwert wird nur mit Begründung verworfen (sie bleibt im Prüfpfad).</translation>
    </message>
    <message>
        <source>Cannot read the host queries: %1</source>
        <translation>Die Host-Anfragen können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>UserService</name>
    <message>
        <source>&quot;%1&quot; cannot be a user name: use 2 to 32 lower-case letters, digits, dots, dashes or underscores, such as p.nair.</source>
        <translation>„%1“ kann kein Benutzername sein: 2 bis 32 Kleinbuchstaben, Ziffern, Punkte, Bindestriche oder Unterstriche verwenden, etwa p.nair.</translation>
    </message>
    <message>
        <source>A password needs at least 8 characters.</source>
        <translation>Ein Passwort braucht mindestens 8 Zeichen.</translation>
    </message>
    <message>
        <source>A password cannot be the user name.</source>
        <translation>Ein Passwort darf nicht der Benutzername sein.</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>Eine PIN hat 4 bis 8 Ziffern.</translation>
    </message>
    <message>
        <source>A badge code has 4 to 64 characters; scan the badge again.</source>
        <translation>Ein Ausweiscode hat 4 bis 64 Zeichen; den Ausweis erneut scannen.</translation>
    </message>
    <message>
        <source>A badge code is printable ASCII without spaces; scan the badge again.</source>
        <translation>Ein Ausweiscode besteht aus druckbaren ASCII-Zeichen ohne Leerzeichen; den Ausweis erneut scannen.</translation>
    </message>
    <message>
        <source>%1 reads as a specimen accession number; give badges codes with a character other than A-Z and 0-9, such as a dash (BADGE-0042).</source>
        <translation>%1 liest sich wie eine Eingangsnummer einer Probe; Ausweise brauchen Codes mit einem Zeichen außer A-Z und 0-9, etwa einem Bindestrich (BADGE-0042).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user of this station.</source>
        <translation>„%1“ ist kein Benutzer dieser Station.</translation>
    </message>
    <message>
        <source>%1 needs a display name, such as &quot;Priya Nair&quot;.</source>
        <translation>%1 braucht einen Anzeigenamen, etwa „Priya Nair“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a role: use technician, supervisor or administrator.</source>
        <translation>„%1“ ist keine Rolle: technician, supervisor oder administrator verwenden.</translation>
    </message>
    <message>
        <source>That badge already belongs to %1.</source>
        <translation>Dieser Ausweis gehört bereits %1.</translation>
    </message>
    <message>
        <source>Someone can already sign in on this station; an administrator sets passwords.</source>
        <translation>An dieser Station kann sich bereits jemand anmelden; Passwörter vergibt ein Administrator.</translation>
    </message>
    <message>
        <source>Station administrator</source>
        <translation>Stationsadministrator</translation>
    </message>
</context>
<context>
    <name>ValueParser</name>
    <message>
        <source>Enter a value for %1.</source>
        <translation>Einen Wert für %1 eingeben.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number; %2 (%3) is a numeric test.</source>
        <translation>„%1“ ist keine Zahl; %2 (%3) ist eine numerische Analyse.</translation>
    </message>
    <message>
        <source>%1 has no unit; &quot;%2&quot; does not fit it.</source>
        <translation>%1 hat keine Einheit; „%2“ passt nicht dazu.</translation>
    </message>
    <message>
        <source>%1 is reported in %2, not %3. Convert the value or check the test.</source>
        <translation>%1 wird in %2 angegeben, nicht in %3. Den Wert umrechnen oder die Analyse prüfen.</translation>
    </message>
    <message>
        <source>%1 is a coded test and has no unit.</source>
        <translation>%1 ist eine codierte Analyse und hat keine Einheit.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a result of %2; use one of: %3.</source>
        <translation>„%1“ ist kein Ergebnis von %2; eines davon verwenden: %3.</translation>
    </message>
    <message>
        <source>%1 is a text result and has no unit.</source>
        <translation>%1 ist ein Textergebnis und hat keine Einheit.</translation>
    </message>
    <message>
        <source>The result text is longer than %1 characters.</source>
        <translation>Der Ergebnistext ist länger als %1 Zeichen.</translation>
    </message>
</context>
<context>
    <name>VerificationRules</name>
    <message>
        <source>The result of %1 is already verified.</source>
        <translation>Das Ergebnis von %1 ist bereits freigegeben.</translation>
    </message>
    <message>
        <source>%1 has no result awaiting verification.</source>
        <translation>%1 hat kein Ergebnis, das auf Freigabe wartet.</translation>
    </message>
    <message>
        <source>Only a user of this station can verify results.</source>
        <translation>Nur ein Benutzer dieser Station kann Ergebnisse freigeben.</translation>
    </message>
    <message>
        <source>%1 entered this result and cannot verify it: nobody verifies their own result. Ask a supervisor or another technician.</source>
        <translation>%1 hat dieses Ergebnis eingegeben und kann es nicht freigeben: Niemand gibt sein eigenes Ergebnis frei. Einen Supervisor oder einen anderen Techniker fragen.</translation>
    </message>
    <message>
        <source>%1 results are verified by a supervisor only.</source>
        <translation>%1-Ergebnisse werden nur von einem Supervisor freigegeben.</translation>
    </message>
    <message>
        <source>%1 (%2) cannot verify results; a supervisor or technician does.</source>
        <translation>%1 (%2) kann keine Ergebnisse freigeben; das tut ein Supervisor oder Techniker.</translation>
    </message>
    <message>
        <source>%1 is a critical result (%2 %3): document who was told, when, and the read-back before releasing it.</source>
        <translation>%1 ist ein kritischer Wert (%2 %3): Vor der Freigabe dokumentieren, wer wann benachrichtigt wurde, und das Rücklesen.</translation>
    </message>
    <message>
        <source>%1 entered this result and cannot verify it: nobody verifies their own result. Ask a supervisor.</source>
        <translation>%1 hat dieses Ergebnis erfasst und kann es nicht freigeben: Niemand gibt sein eigenes Ergebnis frei. Fragen Sie einen Supervisor.</translation>
    </message>
    <message>
        <source>%1 (%2) cannot verify results; %3 results are verified by a supervisor only.</source>
        <translation>%1 (%2) kann keine Ergebnisse freigeben; %3-Ergebnisse gibt nur ein Supervisor frei.</translation>
    </message>
</context>
<context>
    <name>WestgardEvaluator</name>
    <message>
        <source>The target of level %1 needs a mean and an SD above zero (SD %2).</source>
        <translation>Der Zielwert von Level %1 braucht einen Mittelwert und eine SD größer null (SD %2).</translation>
    </message>
    <message>
        <source>QC point %1 (level %2) has no numeric value.</source>
        <translation>QK-Punkt %1 (Level %2) hat keinen numerischen Wert.</translation>
    </message>
</context>
<context>
    <name>WorklistQuery</name>
    <message>
        <source>Choose a bench.</source>
        <translation>Einen Arbeitsplatz wählen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a worklist status; use one of: %2.</source>
        <translation>„%1“ ist kein Arbeitslistenstatus; einen davon verwenden: %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a priority: use routine, asap or stat.</source>
        <translation>„%1“ ist keine Priorität: routine, asap oder stat verwenden.</translation>
    </message>
    <message>
        <source>The end of the time window is not after its start.</source>
        <translation>Das Ende des Zeitfensters liegt nicht nach seinem Anfang.</translation>
    </message>
    <message>
        <source>Cannot read the open orders: %1</source>
        <translation>Die offenen Aufträge können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the worklist: %1</source>
        <translation>Die Arbeitsliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>eingegeben</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>korrigiert</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
</context>
<context>
    <name>ZplWriter</name>
    <message>
        <source>The Data Matrix of %1 is rectangular (%2 × %3), which ZPL printers cannot print. Print the label as PDF instead.</source>
        <translation>Der Data-Matrix-Code von %1 ist rechteckig (%2 × %3), was ZPL-Drucker nicht drucken können. Das Etikett stattdessen als PDF drucken.</translation>
    </message>
</context>
<context>
    <name>benchside::AboutDialog</name>
    <message>
        <source>About Benchside</source>
        <translation>Über Benchside</translation>
    </message>
    <message>
        <source>Specimens, chain of custody, results and QC at the laboratory bench.</source>
        <translation>Proben, Verwahrkette, Befunde und QK am Laborarbeitsplatz.</translation>
    </message>
    <message>
        <source>Copyright © 2026 The Benchside developers</source>
        <translation>Copyright © 2026 Die Benchside-Entwickler</translation>
    </message>
    <message>
        <source>Benchside is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (%1). It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the &lt;a href=&quot;%2&quot;&gt;GNU General Public License&lt;/a&gt; for more details.</source>
        <translation>Benchside ist freie Software: Sie können es unter den Bedingungen der GNU General Public License, wie von der Free Software Foundation veröffentlicht, weitergeben und/oder verändern, entweder gemäß Version 3 der Lizenz oder (nach Ihrer Wahl) jeder späteren Version (%1). Benchside wird in der Hoffnung verbreitet, dass es nützlich sein wird, aber OHNE JEDE GEWÄHRLEISTUNG; sogar ohne die implizite Gewährleistung der MARKTFÄHIGKEIT oder EIGNUNG FÜR EINEN BESTIMMTEN ZWECK. Einzelheiten stehen in der &lt;a href=&quot;%2&quot;&gt;GNU General Public License&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>Benchside uses these libraries, under their own licences:</source>
        <translation>Benchside verwendet diese Bibliotheken, jeweils unter ihrer eigenen Lizenz:</translation>
    </message>
    <message>
        <source>The licence texts are in %1 and %2.</source>
        <translation>Die Lizenztexte stehen in %1 und %2.</translation>
    </message>
</context>
<context>
    <name>benchside::AccessionDialog</name>
    <message>
        <source>New accession</source>
        <translation>Neue Erfassung</translation>
    </message>
    <message>
        <source>Accession %1</source>
        <translation>Erfassung %1</translation>
    </message>
    <message>
        <source>&amp;Save accession</source>
        <translation>Erfassung &amp;speichern</translation>
    </message>
    <message>
        <source>This station has no catalogue yet, so there is nothing to order. Import one (benchside-cli init --catalog FILE) or ask the laboratory&apos;s administrator.</source>
        <translation>Diese Station hat noch keinen Katalog, daher kann nichts angefordert werden. Einen importieren (benchside-cli init --catalog DATEI) oder den Administrator des Labors fragen.</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>Röhrchen</translation>
    </message>
    <message>
        <source>empty: assign a new number</source>
        <translation>leer: neue Nummer vergeben</translation>
    </message>
    <message>
        <source>The accession number of a pre-printed label on the tube. Leave it empty and a new number is assigned for a label to be printed.</source>
        <translation>Die Eingangsnummer eines vorgedruckten Etiketts auf dem Röhrchen. Leer lassen, dann wird eine neue Nummer für ein zu druckendes Etikett vergeben.</translation>
    </message>
    <message>
        <source>Pre-printed &amp;label:</source>
        <translation>Vorgedrucktes &amp;Etikett:</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>medical record number; empty if not identified</source>
        <translation>Patientennummer; leer, wenn nicht identifiziert</translation>
    </message>
    <message>
        <source>&amp;MRN:</source>
        <translation>&amp;PID:</translation>
    </message>
    <message>
        <source>Family name, given names</source>
        <translation>Nachname, Vornamen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>not entered</source>
        <translation>nicht eingegeben</translation>
    </message>
    <message>
        <source>Date of &amp;birth:</source>
        <translation>Geb&amp;urtsdatum:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>F — female</source>
        <translation>F — weiblich</translation>
    </message>
    <message>
        <source>M — male</source>
        <translation>M — männlich</translation>
    </message>
    <message>
        <source>U — unknown</source>
        <translation>U — unbekannt</translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation>Ges&amp;chlecht:</translation>
    </message>
    <message>
        <source>Specimen</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Choose the specimen type…</source>
        <translation>Probenart wählen…</translation>
    </message>
    <message>
        <source>S&amp;pecimen type:</source>
        <translation>&amp;Probenart:</translation>
    </message>
    <message>
        <source>As the tests require</source>
        <translation>Wie von den Analysen verlangt</translation>
    </message>
    <message>
        <source>C&amp;ontainer:</source>
        <translation>&amp;Gefäß:</translation>
    </message>
    <message>
        <source>collected by</source>
        <translation>abgenommen von</translation>
    </message>
    <message>
        <source>&amp;Collected:</source>
        <translation>A&amp;bgenommen:</translation>
    </message>
    <message>
        <source>&amp;Routine</source>
        <translation>&amp;Routine</translation>
    </message>
    <message>
        <source>&amp;ASAP</source>
        <translation>&amp;ASAP</translation>
    </message>
    <message>
        <source>S&amp;TAT</source>
        <translation>S&amp;TAT</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>Ordered tests</source>
        <translation>Angeforderte Analysen</translation>
    </message>
    <message>
        <source>Find a test by code or name; Enter ticks the only match</source>
        <translation>Analyse nach Kürzel oder Name suchen; Enter kreuzt den einzigen Treffer an</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Specimen type</source>
        <translation>Probenart</translation>
    </message>
    <message>
        <source>Turnaround</source>
        <translation>Bearbeitungszeit</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 — %2
%3 in a %4; bench %5, turnaround %6 min</source>
        <translation>%1 — %2
%3 in %4; Arbeitsplatz %5, Bearbeitungszeit %6 min</translation>
    </message>
    <message>
        <source>A new accession number will be assigned.</source>
        <translation>Eine neue Eingangsnummer wird vergeben.</translation>
    </message>
    <message>
        <source>The tube keeps its pre-printed number.</source>
        <translation>Das Röhrchen behält seine vorgedruckte Nummer.</translation>
    </message>
    <message>
        <source>Known patient: details as recorded with earlier specimens.</source>
        <translation>Bekannter Patient: Angaben wie bei früheren Proben erfasst.</translation>
    </message>
    <message>
        <source>Specimen without an identified patient.</source>
        <translation>Probe ohne identifizierten Patienten.</translation>
    </message>
    <message>
        <source>New patient: enter name, date of birth and sex.</source>
        <translation>Neuer Patient: Name, Geburtsdatum und Geschlecht eingeben.</translation>
    </message>
    <message>
        <source>No test ordered yet. Ticking a test chooses its specimen type.</source>
        <translation>Noch keine Analyse angefordert. Das Ankreuzen einer Analyse wählt ihre Probenart.</translation>
    </message>
    <message>
        <source>No test ordered yet. Tick tests with the mouse or Space.</source>
        <translation>Noch keine Analyse angefordert. Analysen mit der Maus oder der Leertaste ankreuzen.</translation>
    </message>
    <message>
        <source>Ordered (%1): %2</source>
        <translation>Angefordert (%1): %2</translation>
    </message>
    <message>
        <source>No test of this specimen type matches &quot;%1&quot;.</source>
        <translation>Keine Analyse dieser Probenart passt zu „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; matches several tests: type more of the code or name, or tick one in the list.</source>
        <translation>„%1“ passt auf mehrere Analysen: mehr vom Kürzel oder Namen tippen oder eine in der Liste ankreuzen.</translation>
    </message>
    <message>
        <source>Choose the specimen type.</source>
        <translation>Die Probenart wählen.</translation>
    </message>
    <message>
        <source>Enter the patient&apos;s name, or clear the MRN if the patient is not identified.</source>
        <translation>Den Namen des Patienten eingeben oder die PID leeren, wenn der Patient nicht identifiziert ist.</translation>
    </message>
    <message>
        <source>Enter the patient&apos;s date of birth.</source>
        <translation>Das Geburtsdatum des Patienten eingeben.</translation>
    </message>
    <message>
        <source>Choose the patient&apos;s sex (U when unknown).</source>
        <translation>Das Geschlecht des Patienten wählen (U, wenn unbekannt).</translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerDialog</name>
    <message>
        <source>Analyzers</source>
        <translation>Analysegeräte</translation>
    </message>
    <message>
        <source>e.g. c311</source>
        <translation>z. B. c311</translation>
    </message>
    <message>
        <source>Up to 32 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;; results and the audit trail show it</source>
        <translation>Bis zu 32 Buchstaben, Ziffern, &apos;-&apos;, &apos;_&apos; oder &apos;.&apos;; Ergebnisse und Audit-Trail zeigen ihn</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Serielle Schnittstelle</translation>
    </message>
    <message>
        <source>TCP: Benchside connects to the analyzer</source>
        <translation>TCP: Benchside verbindet sich mit dem Analysegerät</translation>
    </message>
    <message>
        <source>TCP: the analyzer connects to Benchside</source>
        <translation>TCP: das Analysegerät verbindet sich mit Benchside</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>even</source>
        <translation>gerade</translation>
    </message>
    <message>
        <source>odd</source>
        <translation>ungerade</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>baud</source>
        <translation>Baud</translation>
    </message>
    <message>
        <source>data bits</source>
        <translation>Datenbits</translation>
    </message>
    <message>
        <source>parity</source>
        <translation>Parität</translation>
    </message>
    <message>
        <source>stop bits</source>
        <translation>Stoppbits</translation>
    </message>
    <message>
        <source>&amp;Framing:</source>
        <translation>Über&amp;tragung:</translation>
    </message>
    <message>
        <source>the analyzer&apos;s host name or address</source>
        <translation>Hostname oder Adresse des Analysegeräts</translation>
    </message>
    <message>
        <source>Anal&amp;yzer at:</source>
        <translation>Analyse&amp;gerät unter:</translation>
    </message>
    <message>
        <source>0.0.0.0 for every network of this computer, 127.0.0.1 for itself only</source>
        <translation>0.0.0.0 für jedes Netz dieses Rechners, 127.0.0.1 nur für ihn selbst</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Lauschen auf:</translation>
    </message>
    <message>
        <source>How the analyzer&apos;s maker writes sample IDs and test codes</source>
        <translation>Wie der Hersteller des Analysegeräts Probenkennungen und Testcodes schreibt</translation>
    </message>
    <message>
        <source>&amp;Connect this analyzer when the station starts</source>
        <translation>Dieses Analysegerät beim Start der Station &amp;verbinden</translation>
    </message>
    <message>
        <source>Cleared: its line is not started, and what it sent before stays as it is.</source>
        <translation>Nicht angehakt: seine Leitung wird nicht gestartet; was es vorher gesendet hat, bleibt, wie es ist.</translation>
    </message>
    <message>
        <source>Load &amp;map from CSV…</source>
        <translation>&amp;Zuordnung aus CSV laden…</translation>
    </message>
    <message>
        <source>A CSV file whose first line is analyzer_code,test,unit,factor</source>
        <translation>Eine CSV-Datei, deren erste Zeile analyzer_code,test,unit,factor lautet</translation>
    </message>
    <message>
        <source>&amp;Analyzer:</source>
        <translation>&amp;Analysegerät:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Con&amp;nection:</source>
        <translation>Ver&amp;bindung:</translation>
    </message>
    <message>
        <source>ASTM &amp;profile:</source>
        <translation>ASTM-&amp;Profil:</translation>
    </message>
    <message>
        <source>Test codes:</source>
        <translation>Testcodes:</translation>
    </message>
    <message>
        <source>Analyzers send their results over ASTM (LIS2-A2); the map says which catalogue test each analyzer code is. A change takes effect when the lines are started again.</source>
        <translation>Analysegeräte senden ihre Ergebnisse über ASTM (LIS2-A2); die Zuordnung sagt, welche Katalog-Analyse jeder Code des Analysegeräts ist. Eine Änderung wirkt, wenn die Leitungen neu gestartet werden.</translation>
    </message>
    <message>
        <source>New analyzer</source>
        <translation>Neues Analysegerät</translation>
    </message>
    <message numerus="yes">
        <source>%n analyzer code(s) from %1, saved with the analyzer.</source>
        <translation>
            <numerusform>%n Gerätecode aus %1, wird mit dem Analysegerät gespeichert.</numerusform>
            <numerusform>%n Gerätecodes aus %1, werden mit dem Analysegerät gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>No map yet: every result from this analyzer would wait in the unmatched list.</source>
        <translation>Noch keine Zuordnung: jedes Ergebnis dieses Analysegeräts würde in der Liste der nicht zugeordneten Messwerte warten.</translation>
    </message>
    <message numerus="yes">
        <source>%n analyzer code(s) mapped.</source>
        <translation>
            <numerusform>%n Gerätecode zugeordnet.</numerusform>
            <numerusform>%n Gerätecodes zugeordnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Load the analyzer&apos;s test-code map</source>
        <translation>Testcode-Zuordnung des Analysegeräts laden</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The map in %1 was not loaded: %2</source>
        <translation>Die Zuordnung in %1 wurde nicht geladen: %2</translation>
    </message>
    <message>
        <source>The map in %1 was not loaded: the catalogue has no test %2.</source>
        <translation>Die Zuordnung in %1 wurde nicht geladen: der Katalog hat keine Analyse %2.</translation>
    </message>
    <message>
        <source>%1 is saved, but not its map: %2</source>
        <translation>%1 ist gespeichert, seine Zuordnung aber nicht: %2</translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerHost</name>
    <message>
        <source>Cannot open the station&apos;s database for the analyzers: %1</source>
        <translation>Die Datenbank der Station kann für die Analysegeräte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>No analyzer is set up and switched on (Station ▸ Analyzers…).</source>
        <translation>Kein Analysegerät ist eingerichtet und eingeschaltet (Station ▸ Analysegeräte…).</translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerLineModel</name>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>lauscht</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>ASTM profile: %1</source>
        <translation>ASTM-Profil: %1</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>ausgeschaltet</translation>
    </message>
    <message>
        <source>%1 (removed)</source>
        <translation>%1 (entfernt)</translation>
    </message>
    <message>
        <source>Analyzer</source>
        <translation>Analysegerät</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Letzte Nachricht</translation>
    </message>
    <message>
        <source>Entered today</source>
        <translation>Heute erfasst</translation>
    </message>
    <message>
        <source>Unmatched today</source>
        <translation>Heute nicht zugeordnet</translation>
    </message>
    <message>
        <source>Held today</source>
        <translation>Heute zurückgehalten</translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerService</name>
    <message>
        <source>No analyzer %1 is set up here (analyzer list).</source>
        <translation>Hier ist kein Analysegerät %1 eingerichtet (analyzer list).</translation>
    </message>
    <message>
        <source>%1 control value(s) recorded as %2 QC run(s)</source>
        <translation>%1 Kontrollwert(e) als %2 QK-Lauf/Läufe erfasst</translation>
    </message>
    <message>
        <source>Autoverification: %1 released, %2 held for a person</source>
        <translation>Autovalidierung: %1 freigegeben, %2 für einen Menschen zurückgehalten</translation>
    </message>
    <message>
        <source>Answered %1 host query message(s)</source>
        <translation>%1 Host-Anfrage(n) beantwortet</translation>
    </message>
</context>
<context>
    <name>benchside::AnalyzerStatusIndicator</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>benchside::AuditPage</name>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>accession number</source>
        <translation>Eingangsnummer</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>Jede Art</translation>
    </message>
    <message>
        <source>Accessioning</source>
        <translation>Probenerfassung</translation>
    </message>
    <message>
        <source>Custody steps</source>
        <translation>Schritte der Verwahrkette</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Quality control</source>
        <translation>Qualitätskontrolle</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Reviews of conflicts</source>
        <translation>Prüfungen von Konflikten</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>jeder Tag</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heute</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Save as &amp;CSV…</source>
        <translation>Als &amp;CSV speichern…</translation>
    </message>
    <message>
        <source>Save the journal entries</source>
        <translation>Die Journaleinträge speichern</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Verify chains</source>
        <translation>Ketten &amp;prüfen</translation>
    </message>
    <message>
        <source>Check every station&apos;s hash chain (administrators)</source>
        <translation>Die Hash-Kette jeder Station prüfen (Administratoren)</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>S&amp;pecimen:</source>
        <translation>Pr&amp;obe:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Choose an entry to see its payload and its place in the hash chain.</source>
        <translation>Einen Eintrag wählen, um seinen Inhalt und seinen Platz in der Hash-Kette zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Audit&lt;/b&gt; — every event this station holds, newest first; nothing here can be changed.</source>
        <translation>&lt;b&gt;Audit&lt;/b&gt; — alle Ereignisse dieser Station, neueste zuerst; hier lässt sich nichts ändern.</translation>
    </message>
    <message>
        <source>Event     %1</source>
        <translation>Ereignis  %1</translation>
    </message>
    <message>
        <source>Kind      %1</source>
        <translation>Art       %1</translation>
    </message>
    <message>
        <source>Subject   %1</source>
        <translation>Betreff   %1</translation>
    </message>
    <message>
        <source>User      %1</source>
        <translation>Benutzer  %1</translation>
    </message>
    <message>
        <source>Station   %1, entry #%2</source>
        <translation>Station   %1, Eintrag #%2</translation>
    </message>
    <message>
        <source>Recorded  %1</source>
        <translation>Erfasst   %1</translation>
    </message>
    <message>
        <source>Hash      %1</source>
        <translation>Hash      %1</translation>
    </message>
    <message>
        <source>Previous  %1</source>
        <translation>Vorgänger %1</translation>
    </message>
    <message>
        <source>          the hash matches the entry&apos;s content</source>
        <translation>          der Hash passt zum Inhalt des Eintrags</translation>
    </message>
    <message>
        <source>          THE HASH DOES NOT MATCH THE ENTRY&apos;S CONTENT</source>
        <translation>          DER HASH PASST NICHT ZUM INHALT DES EINTRAGS</translation>
    </message>
    <message>
        <source>          links to entry #%1 of %2 (%3)</source>
        <translation>          verweist auf Eintrag #%1 von %2 (%3)</translation>
    </message>
    <message>
        <source>the start of the chain</source>
        <translation>dem Beginn der Kette</translation>
    </message>
    <message>
        <source>          DOES NOT LINK TO THE ENTRY BEFORE IT</source>
        <translation>          VERWEIST NICHT AUF DEN EINTRAG DAVOR</translation>
    </message>
    <message>
        <source>          followed by %1</source>
        <translation>          gefolgt von %1</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Inhalt</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n entries to %1.</source>
        <translation>
            <numerusform>%n Eintrag nach %1 gespeichert.</numerusform>
            <numerusform>%n Einträge nach %1 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 entries of %2 station(s) verify: no entry was changed, removed, inserted or reordered.</source>
        <translation>Alle %1 Einträge von %2 Station(en) sind in Ordnung: Kein Eintrag wurde geändert, entfernt, eingefügt oder umsortiert.</translation>
    </message>
    <message>
        <source>Tampering found: %1</source>
        <translation>Manipulation gefunden: %1</translation>
    </message>
    <message>
        <source>Sign-ins and credentials</source>
        <translation>Anmeldungen und Zugangsdaten</translation>
    </message>
</context>
<context>
    <name>benchside::AutoverifyDialog</name>
    <message>
        <source>Autoverification rules</source>
        <translation>Autovalidierungsregeln</translation>
    </message>
    <message>
        <source>&amp;Release results by these rules</source>
        <translation>Ergebnisse nach diesen Regeln &amp;freigeben</translation>
    </message>
    <message>
        <source>Within &amp;limits of their own:</source>
        <translation>Innerhalb eigener &amp;Grenzen:</translation>
    </message>
    <message>
        <source>Within the reference range &amp;widened by:</source>
        <translation>Innerhalb des Referenzbereichs, &amp;erweitert um:</translation>
    </message>
    <message>
        <source>A share of the reference range&apos;s width added below and above it; 0 is the range itself.</source>
        <translation>Ein Anteil der Breite des Referenzbereichs, unten und oben hinzugefügt; 0 ist der Bereich selbst.</translation>
    </message>
    <message>
        <source>&amp;Delta limit:</source>
        <translation>&amp;Delta-Grenze:</translation>
    </message>
    <message>
        <source>The largest change from the patient&apos;s previous value that is released, stricter than the test&apos;s own delta check.</source>
        <translation>Die größte Änderung gegenüber dem Vorwert des Patienten, die freigegeben wird, strenger als der eigene Delta-Check der Analyse.</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>required: why the rules change, e.g. validated on 200 results</source>
        <translation>erforderlich: warum sich die Regeln ändern, z. B. an 200 Ergebnissen validiert</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Wert:</translation>
    </message>
    <message>
        <source>Last accepted &amp;QC at most:</source>
        <translation>Letzte angenommene &amp;QK höchstens:</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>Gr&amp;und:</translation>
    </message>
    <message>
        <source>&amp;Try on history (%1 days)</source>
        <translation>An der &amp;Historie erproben (%1 Tage)</translation>
    </message>
    <message>
        <source>Decides the analyzer results of the last %1 days again by the edited rules, as if switched on, and by the rules in force.</source>
        <translation>Entscheidet die Geräteergebnisse der letzten %1 Tage erneut nach den bearbeiteten Regeln, als wären sie eingeschaltet, und nach den geltenden Regeln.</translation>
    </message>
    <message>
        <source>T&amp;est:</source>
        <translation>A&amp;nalyse:</translation>
    </message>
    <message>
        <source>&lt;b&gt;In force&lt;/b&gt;</source>
        <translation>&lt;b&gt;In Kraft&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No numeric test in the catalogue.</source>
        <translation>Keine numerische Analyse im Katalog.</translation>
    </message>
    <message>
        <source>%1 analyzer results in %2 days: would release %3, hold %4; %5 decided differently.</source>
        <translation>%1 Geräteergebnisse in %2 Tagen: würde %3 freigeben, %4 zurückhalten; %5 anders entschieden.</translation>
    </message>
    <message>
        <source>%1 (%2): now released</source>
        <translation>%1 (%2): jetzt freigegeben</translation>
    </message>
    <message>
        <source>%1 (%2): now held — %3</source>
        <translation>%1 (%2): jetzt zurückgehalten — %3</translation>
    </message>
    <message>
        <source>Say why the rules change: the reason is kept with the new version.</source>
        <translation>Angeben, warum sich die Regeln ändern: der Grund wird mit der neuen Version aufbewahrt.</translation>
    </message>
    <message>
        <source>&amp;Hemolysis</source>
        <translation>&amp;Hämolyse</translation>
    </message>
    <message>
        <source>L&amp;ipemia</source>
        <translation>L&amp;ipämie</translation>
    </message>
    <message>
        <source>I&amp;cterus</source>
        <translation>I&amp;kterus</translation>
    </message>
    <message>
        <source>The highest index the analyzer may send with a released result. A limit set holds every result whose analyzer sent no such index.</source>
        <translation>Der höchste Index, den das Analysegerät mit einem freigegebenen Ergebnis senden darf. Eine gesetzte Grenze hält jedes Ergebnis zurück, zu dem das Analysegerät keinen solchen Index gesendet hat.</translation>
    </message>
    <message>
        <source>Serum index at most:</source>
        <translation>Serumindex höchstens:</translation>
    </message>
</context>
<context>
    <name>benchside::AutoverifyRateTable</name>
    <message>
        <source>Bench</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Analyzer results</source>
        <translation>Geräteergebnisse</translation>
    </message>
    <message>
        <source>Released by the rules</source>
        <translation>Von den Regeln freigegeben</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Today&apos;s analyzer results per bench and test, and how many of them the autoverification rules released without a person.</source>
        <translation>Die heutigen Geräteergebnisse je Arbeitsplatz und Analyse, und wie viele davon die Autovalidierungsregeln ohne Person freigegeben haben.</translation>
    </message>
</context>
<context>
    <name>benchside::BenchCountsTable</name>
    <message>
        <source>Bench</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>STAT open</source>
        <translation>STAT offen</translation>
    </message>
    <message>
        <source>%1+</source>
        <translation>%1+</translation>
    </message>
</context>
<context>
    <name>benchside::CameraFeed</name>
    <message>
        <source>The camera gave no picture within %1 s: check that it is connected and not in use by another program.</source>
        <translation>Die Kamera hat innerhalb von %1 s kein Bild geliefert: Prüfen, ob sie angeschlossen ist und nicht von einem anderen Programm verwendet wird.</translation>
    </message>
    <message>
        <source>No camera is connected to this computer. Connect a webcam or document camera, choose it in Station ▸ Settings ▸ Camera, and press Start. The scanner works as before.</source>
        <translation>An diesem Computer ist keine Kamera angeschlossen. Eine Webcam oder Dokumentenkamera anschließen, unter Station ▸ Einstellungen ▸ Kamera auswählen und Starten drücken. Der Scanner funktioniert wie bisher.</translation>
    </message>
    <message>
        <source>video file %1</source>
        <translation>Videodatei %1</translation>
    </message>
    <message>
        <source>The camera is switched off in Station ▸ Settings ▸ Camera.</source>
        <translation>Die Kamera ist unter Station ▸ Einstellungen ▸ Kamera ausgeschaltet.</translation>
    </message>
    <message>
        <source>The camera chosen in Station ▸ Settings ▸ Camera (%1) is not connected. Connect it, or choose another one there.</source>
        <translation>Die unter Station ▸ Einstellungen ▸ Kamera gewählte Kamera (%1) ist nicht angeschlossen. Sie anschließen oder dort eine andere wählen.</translation>
    </message>
    <message>
        <source>The camera stopped: %1</source>
        <translation>Die Kamera wurde angehalten: %1</translation>
    </message>
    <message>
        <source>The camera could not take a picture: %1</source>
        <translation>Die Kamera konnte kein Bild aufnehmen: %1</translation>
    </message>
    <message>
        <source>The camera %1 could not be started: %2</source>
        <translation>Die Kamera %1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>The video file %1 cannot be read.</source>
        <translation>Die Videodatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The video file %1 cannot be played: %2</source>
        <translation>Die Videodatei %1 kann nicht abgespielt werden: %2</translation>
    </message>
    <message>
        <source>The camera stopped before it took the picture.</source>
        <translation>Die Kamera wurde angehalten, bevor sie das Bild aufgenommen hat.</translation>
    </message>
    <message>
        <source>The camera is not running: press Start first.</source>
        <translation>Die Kamera läuft nicht: Zuerst Starten drücken.</translation>
    </message>
</context>
<context>
    <name>benchside::CameraPage</name>
    <message>
        <source>&lt;b&gt;Camera&lt;/b&gt; — hold each tube&apos;s label under the camera: it is received as if scanned, once.</source>
        <translation>&lt;b&gt;Kamera&lt;/b&gt; — das Etikett jedes Röhrchens unter die Kamera halten: Sein Eingang wird wie bei einem Scan gebucht, einmal.</translation>
    </message>
    <message>
        <source>Frames arrive faster than they can be decoded: the decoder always takes the newest and skips the rest, so it never falls behind the picture.</source>
        <translation>Bilder kommen schneller, als sie gelesen werden können: Der Decoder nimmt immer das neueste und überspringt die übrigen, so bleibt er nie hinter dem Bild zurück.</translation>
    </message>
    <message>
        <source>Capture &amp;rack</source>
        <translation>&amp;Rack aufnehmen</translation>
    </message>
    <message>
        <source>Take a picture of the rack under the camera at full resolution and read it on the Rack page.</source>
        <translation>Ein Bild des Racks unter der Kamera in voller Auflösung aufnehmen und auf der Seite Rack lesen.</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Reading from %1</source>
        <translation>Liest von %1</translation>
    </message>
    <message>
        <source>%1 ms a frame · %2 frames, %3 skipped while decoding</source>
        <translation>%1 ms pro Bild · %2 Bilder, %3 beim Lesen übersprungen</translation>
    </message>
</context>
<context>
    <name>benchside::CameraView</name>
    <message>
        <source>Waiting for the first picture from %1…</source>
        <translation>Warten auf das erste Bild von %1…</translation>
    </message>
    <message>
        <source>The camera is off. Press Start to read tubes held under it.</source>
        <translation>Die Kamera ist aus. Starten drücken, um Röhrchen zu lesen, die darunter gehalten werden.</translation>
    </message>
    <message>
        <source>%1 (checking)</source>
        <translation>%1 (wird geprüft)</translation>
    </message>
    <message>
        <source>No picture.</source>
        <translation>Kein Bild.</translation>
    </message>
</context>
<context>
    <name>benchside::CustodyStepDialog</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>patient not identified</source>
        <translation>Patient nicht identifiziert</translation>
    </message>
    <message>
        <source>%1 (MRN %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>STAT</source>
        <translation>STAT</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Jetzt: %1</translation>
    </message>
    <message>
        <source>&amp;Storage place:</source>
        <translation>&amp;Lagerort:</translation>
    </message>
    <message>
        <source>e.g. B7 (optional)</source>
        <translation>z. B. B7 (optional)</translation>
    </message>
    <message>
        <source>&amp;Position (well):</source>
        <translation>&amp;Position (Platz):</translation>
    </message>
    <message>
        <source>&amp;Bench:</source>
        <translation>&amp;Arbeitsplatz:</translation>
    </message>
    <message>
        <source>&amp;Sent to / via:</source>
        <translation>&amp;Gesendet an / über:</translation>
    </message>
    <message>
        <source>&amp;Number of aliquots:</source>
        <translation>&amp;Anzahl Aliquots:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Ort:</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Einen Grund wählen…</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>(unchanged: %1)</source>
        <translation>(unverändert: %1)</translation>
    </message>
    <message>
        <source>unchanged: %1</source>
        <translation>unverändert: %1</translation>
    </message>
    <message>
        <source>required: what was wrong and why</source>
        <translation>Pflicht: was falsch war und warum</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Warum:</translation>
    </message>
    <message>
        <source>New &amp;status:</source>
        <translation>Neuer &amp;Status:</translation>
    </message>
    <message>
        <source>Correct &amp;location:</source>
        <translation>&amp;Ort korrigieren:</translation>
    </message>
    <message>
        <source>optional: what was seen, who was told</source>
        <translation>optional: was beobachtet wurde, wer benachrichtigt wurde</translation>
    </message>
    <message>
        <source>&amp;Details:</source>
        <translation>&amp;Details:</translation>
    </message>
    <message>
        <source>optional, e.g. retention period over</source>
        <translation>optional, z. B. Aufbewahrungsfrist abgelaufen</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Record correction</source>
        <translation>Korrektur erfassen</translation>
    </message>
    <message>
        <source>&amp;Receive</source>
        <translation>&amp;Eingang buchen</translation>
    </message>
    <message>
        <source>&amp;Centrifuge</source>
        <translation>&amp;Zentrifugieren</translation>
    </message>
    <message>
        <source>&amp;Aliquot…</source>
        <translation>&amp;Aliquotieren…</translation>
    </message>
    <message>
        <source>&amp;Store…</source>
        <translation>Ein&amp;lagern…</translation>
    </message>
    <message>
        <source>Send to &amp;bench…</source>
        <translation>An &amp;Arbeitsplatz senden…</translation>
    </message>
    <message>
        <source>In &amp;transit…</source>
        <translation>Im &amp;Transport…</translation>
    </message>
    <message>
        <source>Retrie&amp;ve</source>
        <translation>A&amp;uslagern</translation>
    </message>
    <message>
        <source>&amp;Dispose…</source>
        <translation>&amp;Entsorgen…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>A&amp;blehnen…</translation>
    </message>
    <message>
        <source>C&amp;orrect…</source>
        <translation>&amp;Korrigieren…</translation>
    </message>
    <message>
        <source>e.g. Freezer 2 (-80 °C) / Rack 5</source>
        <translation>z. B. Gefrierschrank 2 (-80 °C) / Rack 5</translation>
    </message>
</context>
<context>
    <name>benchside::CustodyTimelineModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Reason / detail</source>
        <translation>Grund / Detail</translation>
    </message>
    <message>
        <source>Autoverification</source>
        <translation>Autovalidierung</translation>
    </message>
</context>
<context>
    <name>benchside::DestinationDialog</name>
    <message>
        <source>&amp;Released results</source>
        <translation>&amp;Freigegebene Befunde</translation>
    </message>
    <message>
        <source>&amp;Corrections of released results</source>
        <translation>&amp;Korrekturen freigegebener Befunde</translation>
    </message>
    <message>
        <source>Ca&amp;ncelled orders and rejected tubes</source>
        <translation>Stor&amp;nierte Aufträge und abgewiesene Röhrchen</translation>
    </message>
    <message>
        <source>HL7 destinations</source>
        <translation>HL7-Ziele</translation>
    </message>
    <message>
        <source>e.g. HIS</source>
        <translation>z. B. KIS</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>Hostname oder Adresse</translation>
    </message>
    <message>
        <source>&amp;Send to this destination</source>
        <translation>An dieses Ziel &amp;senden</translation>
    </message>
    <message>
        <source>Cleared: results released from now on are not queued for it; what is queued stays.</source>
        <translation>Abgewählt: ab jetzt freigegebene Befunde werden nicht mehr dafür eingereiht; bereits Eingereihtes bleibt.</translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>Sends:</source>
        <translation>Sendet:</translation>
    </message>
    <message>
        <source>Receiving a&amp;pplication (MSH-5):</source>
        <translation>Empfangende A&amp;nwendung (MSH-5):</translation>
    </message>
    <message>
        <source>Receiving &amp;facility (MSH-6):</source>
        <translation>Empfangende &amp;Einrichtung (MSH-6):</translation>
    </message>
    <message>
        <source>Released results are sent as ORU^R01 to each destination, one message at a time, each waiting for its ACK.</source>
        <translation>Freigegebene Befunde gehen als ORU^R01 an jedes Ziel, eine Nachricht nach der anderen, jede wartet auf ihr ACK.</translation>
    </message>
    <message>
        <source>New destination</source>
        <translation>Neues Ziel</translation>
    </message>
</context>
<context>
    <name>benchside::Hl7InboxModel</name>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Control ID</source>
        <translation>Kontroll-ID</translation>
    </message>
    <message>
        <source>ACK</source>
        <translation>ACK</translation>
    </message>
    <message>
        <source>Accessions</source>
        <translation>Eingangsnummern</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>benchside::Hl7MessageView</name>
    <message>
        <source>&amp;Raw</source>
        <translation>&amp;Rohtext</translation>
    </message>
    <message>
        <source>The message as it was sent, one segment per line</source>
        <translation>Die Nachricht, wie sie gesendet wurde, ein Segment pro Zeile</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Choose a message to see its segments and fields.</source>
        <translation>Eine Nachricht wählen, um ihre Segmente und Felder zu sehen.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Acknowledgement</source>
        <translation>Quittung</translation>
    </message>
    <message>
        <source>— Acknowledgement —</source>
        <translation>— Quittung —</translation>
    </message>
    <message>
        <source>Not readable as HL7</source>
        <translation>Nicht als HL7 lesbar</translation>
    </message>
</context>
<context>
    <name>benchside::Hl7OutboxModel</name>
    <message>
        <source>pending</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>dead letter</source>
        <translation>unzustellbar</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>korrigiert</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>Discarded: %1</source>
        <translation>Verworfen: %1</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Meldet</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>Eingangsnummer</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>Untersuchungen</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Control ID</source>
        <translation>Kontroll-ID</translation>
    </message>
</context>
<context>
    <name>benchside::Hl7Sender</name>
    <message>
        <source>No ACK within %1 s</source>
        <translation>Keine Quittung innerhalb von %1 s</translation>
    </message>
    <message>
        <source>Dropped an ACK that is not for the message in flight (MSA-2 &quot;%1&quot;)</source>
        <translation>Quittung verworfen, die nicht zur gesendeten Nachricht gehört (MSA-2 „%1“)</translation>
    </message>
    <message>
        <source>The receiver answered %1.</source>
        <translation>Der Empfänger antwortete %1.</translation>
    </message>
    <message>
        <source>%1 is a dead letter: %2</source>
        <translation>%1 ist unzustellbar: %2</translation>
    </message>
    <message>
        <source>Answered, but no longer pending (discarded meanwhile): %1</source>
        <translation>Beantwortet, aber nicht mehr wartend (inzwischen verworfen): %1</translation>
    </message>
    <message>
        <source>%1 not delivered (%2); next try in %3 s</source>
        <translation>%1 nicht zugestellt (%2); nächster Versuch in %3 s</translation>
    </message>
</context>
<context>
    <name>benchside::Hl7Service</name>
    <message>
        <source>Cannot open the station&apos;s database for HL7: %1</source>
        <translation>Die Datenbank des Arbeitsplatzes kann für HL7 nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>benchside::ImageInput</name>
    <message>
        <source>dropped image</source>
        <translation>Das abgelegte Bild</translation>
    </message>
    <message>
        <source>Scan from image</source>
        <translation>Aus Bild scannen</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Bilder (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>Die Zwischenablage</translation>
    </message>
    <message>
        <source>The clipboard holds no image. Copy a photo of the tube (or the image file) and paste again.</source>
        <translation>Die Zwischenablage enthält kein Bild. Ein Foto des Röhrchens (oder die Bilddatei) kopieren und erneut einfügen.</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>Das eingefügte Bild</translation>
    </message>
    <message>
        <source>The %1 is empty or in a format Benchside cannot read.</source>
        <translation>%1 ist leer oder in einem Format, das Benchside nicht lesen kann.</translation>
    </message>
    <message numerus="yes">
        <source>%n files were given: give one image at a time.</source>
        <translation>
            <numerusform>%n Datei wurde übergeben: jeweils nur ein Bild übergeben.</numerusform>
            <numerusform>%n Dateien wurden übergeben: jeweils nur ein Bild übergeben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::InstrumentsPage</name>
    <message>
        <source>S&amp;tart lines</source>
        <translation>Leitungen s&amp;tarten</translation>
    </message>
    <message>
        <source>Sto&amp;p lines</source>
        <translation>Leitungen st&amp;oppen</translation>
    </message>
    <message>
        <source>&amp;Analyzers…</source>
        <translation>&amp;Analysegeräte…</translation>
    </message>
    <message>
        <source>&amp;Match to tube…</source>
        <translation>Röhrchen &amp;zuordnen…</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Verwerfen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Instruments&lt;/b&gt; — analyzers on ASTM lines: their results go into the worklist; what cannot be entered waits here for a person.</source>
        <translation>&lt;b&gt;Geräte&lt;/b&gt; — Analysegeräte an ASTM-Leitungen: ihre Ergebnisse gehen in die Arbeitsliste; was nicht erfasst werden kann, wartet hier auf einen Menschen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unmatched readings&lt;/b&gt;: none — every reading was entered or dealt with.</source>
        <translation>&lt;b&gt;Nicht zugeordnete Messwerte&lt;/b&gt;: keine — jeder Messwert wurde erfasst oder erledigt.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Unmatched readings&lt;/b&gt;: %n waiting to be matched to a tube or discarded.</source>
        <translation>
            <numerusform>&lt;b&gt;Nicht zugeordnete Messwerte&lt;/b&gt;: %n wartet darauf, einem Röhrchen zugeordnet oder verworfen zu werden.</numerusform>
            <numerusform>&lt;b&gt;Nicht zugeordnete Messwerte&lt;/b&gt;: %n warten darauf, einem Röhrchen zugeordnet oder verworfen zu werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Administrators stop the analyzer lines.</source>
        <translation>Administratoren stoppen die Leitungen der Analysegeräte.</translation>
    </message>
    <message>
        <source>Add an analyzer, change where its line is, load its map</source>
        <translation>Ein Analysegerät hinzufügen, seine Leitung ändern, seine Zuordnung laden</translation>
    </message>
    <message>
        <source>Administrators set up analyzers.</source>
        <translation>Administratoren richten Analysegeräte ein.</translation>
    </message>
    <message>
        <source>The analyzer lines do not run in this window.</source>
        <translation>Die Leitungen der Analysegeräte laufen nicht in diesem Fenster.</translation>
    </message>
    <message>
        <source>Analyzer lines stopped: results stay on the analyzers until they are started.</source>
        <translation>Leitungen der Analysegeräte gestoppt: die Ergebnisse bleiben auf den Analysegeräten, bis sie gestartet werden.</translation>
    </message>
    <message>
        <source>Analyzer lines starting…</source>
        <translation>Leitungen der Analysegeräte starten…</translation>
    </message>
    <message>
        <source>Analyzer lines running: %1 of %2 connected or listening</source>
        <translation>Leitungen der Analysegeräte laufen: %1 von %2 verbunden oder lauschend</translation>
    </message>
    <message numerus="yes">
        <source> · %n with an error</source>
        <translation>
            <numerusform> · %n mit einem Fehler</numerusform>
            <numerusform> · %n mit Fehlern</numerusform>
        </translation>
    </message>
    <message>
        <source>Analyzer lines not running: %1</source>
        <translation>Leitungen der Analysegeräte laufen nicht: %1</translation>
    </message>
    <message>
        <source>Nothing taken from the analyzers today in this window.</source>
        <translation>Heute in diesem Fenster nichts von den Analysegeräten übernommen.</translation>
    </message>
    <message numerus="yes">
        <source>Taken today: %1 result(s) entered into the worklist, %2 unmatched, %3 held, from %n message(s).</source>
        <translation>
            <numerusform>Heute übernommen: %1 Ergebnis(se) in die Arbeitsliste erfasst, %2 nicht zugeordnet, %3 zurückgehalten, aus %n Nachricht.</numerusform>
            <numerusform>Heute übernommen: %1 Ergebnis(se) in die Arbeitsliste erfasst, %2 nicht zugeordnet, %3 zurückgehalten, aus %n Nachrichten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Technicians match and discard analyzer readings.</source>
        <translation>Technische Assistenten ordnen Messwerte der Analysegeräte zu und verwerfen sie.</translation>
    </message>
    <message>
        <source>Enter the reading on the tube it belongs to (type or scan its number)</source>
        <translation>Den Messwert auf dem Röhrchen erfassen, zu dem er gehört (Nummer tippen oder scannen)</translation>
    </message>
    <message>
        <source>Take the reading off the list, with a reason</source>
        <translation>Den Messwert mit einer Begründung von der Liste nehmen</translation>
    </message>
    <message>
        <source>Match an analyzer reading to a tube</source>
        <translation>Messwert eines Analysegeräts einem Röhrchen zuordnen</translation>
    </message>
    <message>
        <source>%1 read sample %2: %3 %4 %5.
Accession number of the tube it belongs to (type it or scan the tube):</source>
        <translation>%1 hat Probe %2 gemessen: %3 %4 %5.
Eingangsnummer des Röhrchens, zu dem er gehört (tippen oder Röhrchen scannen):</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Zuordnen</translation>
    </message>
    <message>
        <source>Nothing was matched: say which tube the reading belongs to.</source>
        <translation>Nichts wurde zugeordnet: angeben, zu welchem Röhrchen der Messwert gehört.</translation>
    </message>
    <message>
        <source>%1 %2 from %3 is entered on %4.</source>
        <translation>%1 %2 von %3 ist auf %4 erfasst.</translation>
    </message>
    <message>
        <source>Discard an analyzer reading</source>
        <translation>Messwert eines Analysegeräts verwerfen</translation>
    </message>
    <message>
        <source>%1 %2 for sample %3 from %4 will not be entered. Why? The reason is kept in the audit trail.</source>
        <translation>%1 %2 für Probe %3 von %4 wird nicht erfasst. Warum? Die Begründung bleibt im Audit-Trail.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Nothing was discarded: a reading is discarded only with a reason.</source>
        <translation>Nichts wurde verworfen: ein Messwert wird nur mit Begründung verworfen.</translation>
    </message>
    <message>
        <source>The reading for sample %1 is discarded: %2</source>
        <translation>Der Messwert für Probe %1 ist verworfen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 is saved (%2) with %n mapped code(s).</source>
        <translation>
            <numerusform>%1 ist gespeichert (%2), mit %n zugeordnetem Code.</numerusform>
            <numerusform>%1 ist gespeichert (%2), mit %n zugeordneten Codes.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is saved (%2).</source>
        <translation>%1 ist gespeichert (%2).</translation>
    </message>
    <message>
        <source>Stop and start the lines for the change to take effect.</source>
        <translation>Die Leitungen stoppen und starten, damit die Änderung wirkt.</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Asked about, not known here today&lt;/b&gt;: %1</source>
        <translation>&lt;b&gt;Heute angefragt, hier nicht bekannt&lt;/b&gt;: %1</translation>
    </message>
</context>
<context>
    <name>benchside::InterfaceLogModel</name>
    <message>
        <source>HL7 in</source>
        <translation>HL7 ein</translation>
    </message>
    <message>
        <source>HL7 out</source>
        <translation>HL7 aus</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Schnittstelle</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
</context>
<context>
    <name>benchside::InterfacesPage</name>
    <message>
        <source>ADDRESS:PORT the hospital system connects to; 0.0.0.0 for every network</source>
        <translation>ADRESSE:PORT, mit der sich das Kliniksystem verbindet; 0.0.0.0 für alle Netze</translation>
    </message>
    <message>
        <source>Listen &amp;address:</source>
        <translation>Empfangs&amp;adresse:</translation>
    </message>
    <message>
        <source>S&amp;tart listener</source>
        <translation>Empfang s&amp;tarten</translation>
    </message>
    <message>
        <source>Sto&amp;p listener</source>
        <translation>Empfang sto&amp;ppen</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>Alle Nachrichten</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>Rese&amp;nd</source>
        <translation>Erneut se&amp;nden</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Verwerfen…</translation>
    </message>
    <message>
        <source>&amp;Inbound</source>
        <translation>&amp;Eingang</translation>
    </message>
    <message>
        <source>&amp;Outbound</source>
        <translation>&amp;Ausgang</translation>
    </message>
    <message>
        <source>Interface &amp;log</source>
        <translation>Schnittstellen&amp;protokoll</translation>
    </message>
    <message>
        <source>&lt;b&gt;Interfaces&lt;/b&gt; — HL7 v2 orders in from the hospital system and released results out to it, over MLLP.</source>
        <translation>&lt;b&gt;Schnittstellen&lt;/b&gt; — HL7-v2-Aufträge vom Kliniksystem herein und freigegebene Ergebnisse hinaus, über MLLP.</translation>
    </message>
    <message>
        <source>No destination is set up: released results are not sent anywhere.</source>
        <translation>Kein Ziel eingerichtet: freigegebene Ergebnisse werden nirgendwohin gesendet.</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>Gesendet an %1</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Outbound (%n dead)</source>
        <translation>
            <numerusform>&amp;Ausgang (%n unzustellbar)</numerusform>
            <numerusform>&amp;Ausgang (%n unzustellbar)</numerusform>
        </translation>
    </message>
    <message>
        <source>Administrators start and stop the listener.</source>
        <translation>Administratoren starten und stoppen den Empfang.</translation>
    </message>
    <message>
        <source>The HL7 listener does not run in this window.</source>
        <translation>Der HL7-Empfang läuft nicht in diesem Fenster.</translation>
    </message>
    <message>
        <source>HL7 listener stopped: this station takes no orders from the hospital system and sends no results.</source>
        <translation>HL7-Empfang gestoppt: dieser Arbeitsplatz nimmt keine Aufträge vom Kliniksystem an und sendet keine Ergebnisse.</translation>
    </message>
    <message>
        <source>HL7 listener starting…</source>
        <translation>HL7-Empfang startet…</translation>
    </message>
    <message>
        <source>HL7 listener on %1 · peers connected: %2</source>
        <translation>HL7-Empfang auf %1 · verbundene Gegenstellen: %2</translation>
    </message>
    <message>
        <source>HL7 listener not running: %1</source>
        <translation>HL7-Empfang läuft nicht: %1</translation>
    </message>
    <message>
        <source>Choose an outbound message to see it.</source>
        <translation>Eine ausgehende Nachricht wählen, um sie zu sehen.</translation>
    </message>
    <message>
        <source>%1 to %2 for %3 — %4</source>
        <translation>%1 an %2 für %3 — %4</translation>
    </message>
    <message>
        <source>%1: not written yet. The sender writes the message at its first attempt and sends the same text at every later one.</source>
        <translation>%1: noch nicht geschrieben. Der Sender schreibt die Nachricht beim ersten Versuch und sendet bei jedem weiteren denselben Text.</translation>
    </message>
    <message>
        <source>Choose an inbound message to see it.</source>
        <translation>Eine eingegangene Nachricht wählen, um sie zu sehen.</translation>
    </message>
    <message>
        <source>%1 %2 from %3, received %4, answered %5</source>
        <translation>%1 %2 von %3, empfangen %4, beantwortet %5</translation>
    </message>
    <message>
        <source>Supervisors and administrators resend and discard messages.</source>
        <translation>Supervisoren und Administratoren senden Nachrichten erneut oder verwerfen sie.</translation>
    </message>
    <message>
        <source>Send the message again, with the same control ID</source>
        <translation>Die Nachricht erneut senden, mit derselben Kontroll-ID</translation>
    </message>
    <message>
        <source>Take the message out of the queue, with a reason</source>
        <translation>Die Nachricht mit Begründung aus der Warteschlange nehmen</translation>
    </message>
    <message>
        <source>%1 is queued again for %2, with the same control ID.</source>
        <translation>%1 ist erneut für %2 eingereiht, mit derselben Kontroll-ID.</translation>
    </message>
    <message>
        <source>Discard an outbound message</source>
        <translation>Ausgehende Nachricht verwerfen</translation>
    </message>
    <message>
        <source>%1 for %2 will not be sent to %3. Why? The reason is kept in the audit trail.</source>
        <translation>%1 für %2 wird nicht an %3 gesendet. Warum? Die Begründung wird im Prüfpfad festgehalten.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Nothing was discarded: a message is discarded only with a reason.</source>
        <translation>Nichts wurde verworfen: eine Nachricht wird nur mit Begründung verworfen.</translation>
    </message>
    <message>
        <source>%1 is discarded: %2</source>
        <translation>%1 ist verworfen: %2</translation>
    </message>
    <message>
        <source>D&amp;estinations…</source>
        <translation>Zi&amp;ele …</translation>
    </message>
    <message>
        <source>Where released results are sent</source>
        <translation>Wohin freigegebene Befunde gesendet werden</translation>
    </message>
    <message>
        <source>Supervisors and administrators set up destinations.</source>
        <translation>Ziele richten Laborleitung und Administratoren ein.</translation>
    </message>
    <message>
        <source>%1 is saved: results released from now on are sent to %2:%3.</source>
        <translation>%1 ist gespeichert: ab jetzt freigegebene Befunde gehen an %2:%3.</translation>
    </message>
    <message>
        <source>%1 is saved and switched off: nothing new is queued for it.</source>
        <translation>%1 ist gespeichert und abgeschaltet: nichts Neues wird dafür eingereiht.</translation>
    </message>
</context>
<context>
    <name>benchside::JournalBrowserModel</name>
    <message>
        <source>Cannot read the journal: %1</source>
        <translation>Das Journal kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Erfasst</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
</context>
<context>
    <name>benchside::LabelDialog</name>
    <message>
        <source>Tube label %1</source>
        <translation>Röhrchenetikett %1</translation>
    </message>
    <message numerus="yes">
        <source>Tube labels (%n)</source>
        <translation>
            <numerusform>Röhrchenetiketten (%n)</numerusform>
            <numerusform>Röhrchenetiketten (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>No specimen %1 is known at this station.</source>
        <translation>An dieser Station ist keine Probe %1 bekannt.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Print %n labels…</source>
        <translation>
            <numerusform>%n Etikett &amp;drucken…</numerusform>
            <numerusform>%n Etiketten &amp;drucken…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Als P&amp;DF speichern…</translation>
    </message>
    <message>
        <source>Save as P&amp;NG…</source>
        <translation>Als P&amp;NG speichern…</translation>
    </message>
    <message>
        <source>Saves the label on show.</source>
        <translation>Speichert das angezeigte Etikett.</translation>
    </message>
    <message>
        <source>Save as &amp;ZPL…</source>
        <translation>Als &amp;ZPL speichern…</translation>
    </message>
    <message>
        <source>&amp;Send to label printer</source>
        <translation>An Etikettendrucker &amp;senden</translation>
    </message>
    <message>
        <source>Save labels as PDF</source>
        <translation>Etiketten als PDF speichern</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Save label as PNG</source>
        <translation>Etikett als PNG speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Save labels as ZPL</source>
        <translation>Etiketten als ZPL speichern</translation>
    </message>
    <message>
        <source>ZPL label files (*.zpl)</source>
        <translation>ZPL-Etikettendateien (*.zpl)</translation>
    </message>
    <message>
        <source>Set the label printer&apos;s address (host:port) in the settings first.</source>
        <translation>Zuerst die Adresse des Etikettendruckers (host:port) in den Einstellungen setzen.</translation>
    </message>
    <message>
        <source>Sends ZPL to %1.</source>
        <translation>Sendet ZPL an %1.</translation>
    </message>
    <message>
        <source>%1 × %2 mm label, %3 dpi</source>
        <translation>Etikett %1 × %2 mm, %3 dpi</translation>
    </message>
    <message>
        <source>No label to show.</source>
        <translation>Kein Etikett anzuzeigen.</translation>
    </message>
    <message>
        <source>label-%1</source>
        <comment>file name of a tube label</comment>
        <translation>etikett-%1</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n label(s) to %1.</source>
        <translation>
            <numerusform>%n Etikett nach %1 gespeichert.</numerusform>
            <numerusform>%n Etiketten nach %1 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved label %1 to %2.</source>
        <translation>Etikett %1 nach %2 gespeichert.</translation>
    </message>
    <message>
        <source>Cannot write the labels to %1: %2</source>
        <translation>Die Etiketten können nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Sending to the label printer at %1…</source>
        <translation>Senden an den Etikettendrucker unter %1…</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n label(s) to the label printer at %1.</source>
        <translation>
            <numerusform>%n Etikett an den Etikettendrucker unter %1 gesendet.</numerusform>
            <numerusform>%n Etiketten an den Etikettendrucker unter %1 gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Print tube labels</source>
        <translation>Röhrchenetiketten drucken</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n label(s) to %1.</source>
        <translation>
            <numerusform>%n Etikett an %1 gesendet.</numerusform>
            <numerusform>%n Etiketten an %1 gesendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::LeveyJenningsChart</name>
    <message>
        <source>Not evaluated (no target)</source>
        <translation>Nicht bewertet (kein Zielwert)</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Warning (1-2s)</source>
        <translation>Warnung (1-2s)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>SD from target mean (z)</source>
        <translation>SD vom Zielmittelwert (z)</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>Level %1</translation>
    </message>
    <message>
        <source>Level %1 (%2)</source>
        <translation>Level %1 (%2)</translation>
    </message>
    <message>
        <source>%1: all levels, z-scores</source>
        <translation>%1: alle Level, z-Werte</translation>
    </message>
    <message>
        <source>%1: level %2</source>
        <translation>%1: Level %2</translation>
    </message>
    <message>
        <source>New lot</source>
        <translation>Neue Charge</translation>
    </message>
    <message>
        <source>Lot %1</source>
        <translation>Charge %1</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>±%1 SD</source>
        <translation>±%1 SD</translation>
    </message>
    <message>
        <source> (z %1%2)</source>
        <translation> (z %1%2)</translation>
    </message>
    <message>
        <source>Level %1, lot %2</source>
        <translation>Level %1, Charge %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>target %1 ± %2</source>
        <translation>Ziel %1 ± %2</translation>
    </message>
    <message>
        <source>, by %1</source>
        <translation>, von %1</translation>
    </message>
    <message>
        <source>Run: %1</source>
        <translation>Lauf: %1</translation>
    </message>
    <message>
        <source>Violates %1</source>
        <translation>Verletzt %1</translation>
    </message>
    <message>
        <source>Drawing a chart needs a QApplication (use the offscreen platform without a display).</source>
        <translation>Zum Zeichnen eines Diagramms ist eine QApplication nötig (ohne Anzeige die Plattform offscreen verwenden).</translation>
    </message>
    <message>
        <source>There are no QC results for %1 in this period to chart.</source>
        <translation>Für %1 gibt es in diesem Zeitraum keine QK-Ergebnisse zum Darstellen.</translation>
    </message>
    <message>
        <source>No QC result of %1 in this period has a target yet, so there are no z-scores to chart; chart one level in its unit instead.</source>
        <translation>Kein QK-Ergebnis von %1 in diesem Zeitraum hat bisher einen Zielwert, daher gibt es keine z-Werte zum Darstellen; stattdessen ein Level in seiner Einheit darstellen.</translation>
    </message>
    <message>
        <source>A chart needs at least 200 × 150 pixels.</source>
        <translation>Ein Diagramm braucht mindestens 200 × 150 Pixel.</translation>
    </message>
    <message>
        <source>%1 has no QC results of level %2 in this period.</source>
        <translation>%1 hat in diesem Zeitraum keine QK-Ergebnisse von Level %2.</translation>
    </message>
    <message>
        <source>Could not write the chart to %1; check that the folder exists and can be written.</source>
        <translation>Das Diagramm konnte nicht nach %1 geschrieben werden; prüfen, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
</context>
<context>
    <name>benchside::LeveyJenningsView</name>
    <message>
        <source>Whole period</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>SD</translation>
    </message>
    <message>
        <source>CV %</source>
        <translation>VK %</translation>
    </message>
    <message>
        <source>Target mean ± SD</source>
        <translation>Zielmittelwert ± SD</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>Bias %</source>
        <translation>Bias %</translation>
    </message>
    <message>
        <source>All levels (z-scores)</source>
        <translation>Alle Level (z-Werte)</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>Level %1</translation>
    </message>
    <message>
        <source>%1 points in the period: %2 in accepted runs, %3 with a warning, %4 in rejected runs, %5 not evaluated</source>
        <translation>%1 Punkte im Zeitraum: %2 in angenommenen Läufen, %3 mit Warnung, %4 in verworfenen Läufen, %5 nicht bewertet</translation>
    </message>
    <message>
        <source>%1 ± %2</source>
        <translation>%1 ± %2</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>Could not write the chart to %1; check that the folder exists and can be written.</source>
        <translation>Das Diagramm konnte nicht nach %1 geschrieben werden; prüfen, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
</context>
<context>
    <name>benchside::LockScreen</name>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Use a &amp;password instead</source>
        <translation>Stattdessen ein &amp;Passwort verwenden</translation>
    </message>
    <message>
        <source>P&amp;IN:</source>
        <translation>P&amp;IN:</translation>
    </message>
    <message>
        <source>Set the password and &amp;sign in</source>
        <translation>Passwort festlegen und &amp;anmelden</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Neues Passwort:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Sign in to Benchside</source>
        <translation>Bei Benchside anmelden</translation>
    </message>
    <message>
        <source>Locked. %1&apos;s work stays as it was.</source>
        <translation>Gesperrt. Die Arbeit von %1 bleibt, wie sie war.</translation>
    </message>
    <message>
        <source>Nobody can sign in on this station yet</source>
        <translation>An dieser Station kann sich noch niemand anmelden</translation>
    </message>
    <message>
        <source>Choose the password of the station&apos;s administrator account. The administrator then gives everyone else their password, PIN and badge (benchside-cli user).</source>
        <translation>Das Passwort des Administratorkontos der Station wählen. Der Administrator gibt danach allen anderen ihr Passwort, ihre PIN und ihren Ausweis (benchside-cli user).</translation>
    </message>
    <message>
        <source>Scan your badge, then type your PIN; or type your user name and password.</source>
        <translation>Den Ausweis scannen und dann die PIN eingeben, oder Benutzername und Passwort eingeben.</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>Die beiden Passwörter unterscheiden sich; erneut eingeben.</translation>
    </message>
    <message>
        <source>Badge of %1 (%2).</source>
        <translation>Ausweis von %1 (%2).</translation>
    </message>
</context>
<context>
    <name>benchside::MainWindow</name>
    <message>
        <source>Benchside — DEMO — station %1</source>
        <translation>Benchside — DEMO — Station %1</translation>
    </message>
    <message>
        <source>Benchside — station %1 (%2)</source>
        <translation>Benchside — Station %1 (%2)</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Probeneingang</translation>
    </message>
    <message>
        <source>Specimen</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Rack</source>
        <translation>Rack</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>Arbeitsliste</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>QC</source>
        <translation>QK</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>DEMO DATABASE — training data, not for patient care</source>
        <translation>DEMODATENBANK — Übungsdaten, nicht für die Patientenversorgung</translation>
    </message>
    <message>
        <source>Custody step recorded for %1.</source>
        <translation>Schritt der Verwahrkette für %1 erfasst.</translation>
    </message>
    <message>
        <source>&amp;New accession…</source>
        <translation>&amp;Neue Erfassung…</translation>
    </message>
    <message>
        <source>&amp;Find specimen…</source>
        <translation>Probe &amp;suchen…</translation>
    </message>
    <message>
        <source>&amp;Receiving</source>
        <translation>Proben&amp;eingang</translation>
    </message>
    <message>
        <source>&amp;Specimen</source>
        <translation>&amp;Probe</translation>
    </message>
    <message>
        <source>R&amp;ack</source>
        <translation>&amp;Rack</translation>
    </message>
    <message>
        <source>&amp;Worklist</source>
        <translation>&amp;Arbeitsliste</translation>
    </message>
    <message>
        <source>&amp;Verification</source>
        <translation>&amp;Freigabe</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>&amp;QC</source>
        <translation>&amp;QK</translation>
    </message>
    <message>
        <source>A&amp;udit</source>
        <translation>A&amp;udit</translation>
    </message>
    <message>
        <source>Scan from &amp;image…</source>
        <translation>Aus B&amp;ild scannen…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Sync &amp;settings…</source>
        <translation>&amp;Sync-Einstellungen…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Station %1 · site %2</source>
        <translation>Station %1 · Standort %2</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Sync: %1</source>
        <translation>Sync: %1</translation>
    </message>
    <message>
        <source>Sync is working again.</source>
        <translation>Die Synchronisation funktioniert wieder.</translation>
    </message>
    <message>
        <source>Sync settings</source>
        <translation>Sync-Einstellungen</translation>
    </message>
    <message>
        <source>The sync settings were not changed: %1</source>
        <translation>Die Sync-Einstellungen wurden nicht geändert: %1</translation>
    </message>
    <message>
        <source>Sync settings saved; syncing with %1.</source>
        <translation>Sync-Einstellungen gespeichert; Synchronisation mit %1.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>Serial scanner: %1</source>
        <translation>Serieller Scanner: %1</translation>
    </message>
    <message>
        <source>Serial scanner: %1 not connected</source>
        <translation>Serieller Scanner: %1 nicht verbunden</translation>
    </message>
    <message>
        <source>Incomplete scan</source>
        <translation>Unvollständiger Scan</translation>
    </message>
    <message>
        <source>The scanner sent &quot;%1&quot; without its Enter/Tab suffix, so it was not used. Check the scanner&apos;s suffix setting and scan again.</source>
        <translation>Der Scanner hat „%1“ ohne sein Enter/Tab-Suffix gesendet, daher wurde es nicht verwendet. Die Suffix-Einstellung des Scanners prüfen und erneut scannen.</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>S&amp;perren</translation>
    </message>
    <message>
        <source>&amp;Users and passwords…</source>
        <translation>&amp;Benutzer und Passwörter…</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>Angemeldet: %1 (%2)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>%1 took over this station; the work on screen is theirs now.</source>
        <translation>%1 hat diese Station übernommen; die Arbeit auf dem Bildschirm gehört jetzt ihr bzw. ihm.</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Angemeldet als %1.</translation>
    </message>
    <message>
        <source>Interfaces</source>
        <translation>Schnittstellen</translation>
    </message>
    <message>
        <source>I&amp;nterfaces</source>
        <translation>Schnitt&amp;stellen</translation>
    </message>
    <message>
        <source>HL7 listener not running: %1</source>
        <translation>HL7-Empfang läuft nicht: %1</translation>
    </message>
    <message>
        <source>Instruments</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Instru&amp;ments</source>
        <translation>Gerä&amp;te</translation>
    </message>
    <message>
        <source>&amp;Analyzers…</source>
        <translation>&amp;Analysegeräte…</translation>
    </message>
    <message>
        <source>Auto&amp;verification rules…</source>
        <translation>Auto&amp;validierungsregeln…</translation>
    </message>
    <message>
        <source>&amp;About Benchside</source>
        <translation>Ü&amp;ber Benchside</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Ca&amp;mera</source>
        <translation>&amp;Kamera</translation>
    </message>
    <message>
        <source>Tube %1 under the camera ignored: finish or close the open dialog first.</source>
        <translation>Röhrchen %1 unter der Kamera ignoriert: Zuerst den offenen Dialog abschließen oder schließen.</translation>
    </message>
    <message>
        <source>camera picture</source>
        <translation>Kamerabild</translation>
    </message>
    <message>
        <source>HL7 outbox unreadable</source>
        <translation>HL7-Ausgang nicht lesbar</translation>
    </message>
    <message numerus="yes">
        <source>HL7: %n result(s) refused</source>
        <translation>
            <numerusform>HL7: %n Ergebnis abgelehnt</numerusform>
            <numerusform>HL7: %n Ergebnisse abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>The receiving system refused these results, and that patient&apos;s later results wait behind them. Open Interfaces to resend or discard them.</source>
        <translation>Das empfangende System hat diese Ergebnisse abgelehnt, und spätere Ergebnisse dieses Patienten warten dahinter. Unter Schnittstellen erneut senden oder verwerfen.</translation>
    </message>
    <message>
        <source>Scan of %1 not used: a dialog was open. Scan it again.</source>
        <translation>Scan von %1 nicht verwendet: Ein Dialog war geöffnet. Scannen Sie erneut.</translation>
    </message>
</context>
<context>
    <name>benchside::MllpListener</name>
    <message>
        <source>Cannot read the TLS certificate %1: %2</source>
        <translation>Das TLS-Zertifikat %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the TLS key %1: %2</source>
        <translation>Der TLS-Schlüssel %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM RSA key.</source>
        <translation>%1 enthält keinen unverschlüsselten PEM-RSA-Schlüssel.</translation>
    </message>
    <message>
        <source>%1 holds no PEM CA certificate.</source>
        <translation>%1 enthält kein PEM-CA-Zertifikat.</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <source>Client certificate refused: %1</source>
        <translation>Client-Zertifikat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>Empfang auf %1:%2 nicht möglich: %3</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Empfang auf %1</translation>
    </message>
    <message>
        <source>Refused: not in the allow-list</source>
        <translation>Abgewiesen: nicht in der Liste zugelassener Adressen</translation>
    </message>
    <message>
        <source>Closed after %1 s without data</source>
        <translation>Nach %1 s ohne Daten geschlossen</translation>
    </message>
    <message>
        <source>Disconnected in the middle of a message</source>
        <translation>Mitten in einer Nachricht getrennt</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message numerus="yes">
        <source>Ignored %n byte(s) outside an MLLP frame</source>
        <translation>
            <numerusform>%n Byte außerhalb eines MLLP-Rahmens ignoriert</numerusform>
            <numerusform>%n Bytes außerhalb eines MLLP-Rahmens ignoriert</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate of %1 answered with its first ACK</source>
        <translation>Duplikat von %1 mit seiner ersten Quittung beantwortet</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an address or subnet (e.g. 10.1.2.3 or 10.1.0.0/16).</source>
        <translation>„%1“ ist keine Adresse und kein Teilnetz (z. B. 10.1.2.3 oder 10.1.0.0/16).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not ADDRESS:PORT (e.g. 127.0.0.1:2575).</source>
        <translation>„%1“ ist nicht ADRESSE:PORT (z. B. 127.0.0.1:2575).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address.</source>
        <translation>„%1“ ist keine IP-Adresse.</translation>
    </message>
    <message>
        <source>%1 not answered: its MSH-15/MSH-16 ask for no acknowledgement in this case</source>
        <translation>%1 nicht beantwortet: MSH-15/MSH-16 verlangen in diesem Fall keine Quittung</translation>
    </message>
</context>
<context>
    <name>benchside::NotificationDialog</name>
    <message>
        <source>Document the critical result call</source>
        <translation>Anruf zum kritischen Wert dokumentieren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Critical result:&lt;/b&gt; %1&lt;br&gt;It cannot be released until the call to the care team is documented.</source>
        <translation>&lt;b&gt;Kritischer Wert:&lt;/b&gt; %1&lt;br&gt;Er kann erst freigegeben werden, wenn der Anruf beim Behandlungsteam dokumentiert ist.</translation>
    </message>
    <message>
        <source>Name and role, e.g. Dr. Lee, ward 3</source>
        <translation>Name und Funktion, z. B. Dr. Lee, Station 3</translation>
    </message>
    <message>
        <source>The receiver &amp;read the result back and it was confirmed</source>
        <translation>Der Empfänger hat das Ergebnis &amp;zurückgelesen, und es wurde bestätigt</translation>
    </message>
    <message>
        <source>&amp;Told:</source>
        <translation>&amp;Benachrichtigt:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>&amp;Wann:</translation>
    </message>
    <message>
        <source>Document call</source>
        <translation>Anruf dokumentieren</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
</context>
<context>
    <name>benchside::OverviewPage</name>
    <message>
        <source>&lt;b&gt;Overview&lt;/b&gt; — open work on every bench and turnaround time (received → released).</source>
        <translation>&lt;b&gt;Übersicht&lt;/b&gt; — offene Arbeit an jedem Arbeitsplatz und Bearbeitungszeit (Eingang → Freigabe).</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>Chosen range</source>
        <translation>Gewählter Zeitraum</translation>
    </message>
    <message>
        <source>Per bench</source>
        <translation>Pro Arbeitsplatz</translation>
    </message>
    <message>
        <source>Per test</source>
        <translation>Pro Analyse</translation>
    </message>
    <message>
        <source>All benches</source>
        <translation>Alle Arbeitsplätze</translation>
    </message>
    <message>
        <source>Turnaround:</source>
        <translation>Bearbeitungszeit:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Waiting longest</source>
        <translation>Am längsten wartend</translation>
    </message>
    <message>
        <source>Bench</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Analyzer results today and the share released by the autoverification rules:</source>
        <translation>Geräteergebnisse heute und der von den Autovalidierungsregeln freigegebene Anteil:</translation>
    </message>
    <message>
        <source>No analyzer results today, so none released by the autoverification rules.</source>
        <translation>Heute keine Geräteergebnisse, also keine von den Autovalidierungsregeln freigegeben.</translation>
    </message>
</context>
<context>
    <name>benchside::QcLockoutPanel</name>
    <message>
        <source>Corrective &amp;action…</source>
        <translation>&amp;Korrekturmaßnahme…</translation>
    </message>
    <message>
        <source>&amp;Override…</source>
        <translation>Sperre auf&amp;heben…</translation>
    </message>
    <message>
        <source>Supervisors only: release patient results despite the rejected run, with a reason.</source>
        <translation>Nur Supervisoren: Patientenergebnisse trotz des verworfenen Laufs freigeben, mit Begründung.</translation>
    </message>
    <message>
        <source>Re&amp;view result…</source>
        <translation>Ergebnis &amp;prüfen…</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>Eingangsnr.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Kennz.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>QC in control: the last lockout was resolved by run %1 on %2.</source>
        <translation>QK unter Kontrolle: Die letzte Sperre wurde durch Lauf %1 am %2 aufgelöst.</translation>
    </message>
    <message>
        <source>QC in control: no lockout.</source>
        <translation>QK unter Kontrolle: keine Sperre.</translation>
    </message>
    <message>
        <source>Corrective action by %1 on %2: %3</source>
        <translation>Korrekturmaßnahme von %1 am %2: %3</translation>
    </message>
    <message>
        <source>Look-back: %1 patient result(s) released since the last accepted run, %2 not yet reviewed.</source>
        <translation>Rückverfolgung: %1 Patientenergebnis(se) seit dem letzten angenommenen Lauf freigegeben, %2 noch nicht geprüft.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <source>The lockout is already overridden; an accepted run after a corrective action ends it.</source>
        <translation>Die Sperre ist bereits aufgehoben; ein angenommener Lauf nach einer Korrekturmaßnahme beendet sie.</translation>
    </message>
</context>
<context>
    <name>benchside::QcMonthlySummary</name>
    <message>
        <source>QC summary — %1 — %2</source>
        <translation>QK-Übersicht — %1 — %2</translation>
    </message>
    <message>
        <source>establishing</source>
        <translation>wird ermittelt</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>SD</translation>
    </message>
    <message>
        <source>CV %</source>
        <translation>VK %</translation>
    </message>
    <message>
        <source>Target (mean ± SD)</source>
        <translation>Zielwert (Mittelwert ± SD)</translation>
    </message>
    <message>
        <source>Bias %</source>
        <translation>Bias %</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Verworfen</translation>
    </message>
</context>
<context>
    <name>benchside::QcPage</name>
    <message>
        <source>&lt;b&gt;Quality control&lt;/b&gt; — Levey-Jennings charts, Westgard rules and lockout. Record a run below the chart; hover a point for its rules.</source>
        <translation>&lt;b&gt;Qualitätskontrolle&lt;/b&gt; — Levey-Jennings-Diagramme, Westgard-Regeln und Sperre. Einen Lauf unter dem Diagramm erfassen; für die Regeln eines Punkts mit der Maus darauf zeigen.</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV &amp;importieren…</translation>
    </message>
    <message>
        <source>Values from an analyzer&apos;s QC export, with that analyzer&apos;s column mapping.</source>
        <translation>Werte aus dem QK-Export eines Analysegeräts, mit der Spaltenzuordnung dieses Geräts.</translation>
    </message>
    <message>
        <source>Bench:</source>
        <translation>Arbeitsplatz:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Analyse:</translation>
    </message>
    <message>
        <source>Lot:</source>
        <translation>Charge:</translation>
    </message>
    <message>
        <source>&amp;Monthly summary…</source>
        <translation>&amp;Monatsübersicht…</translation>
    </message>
    <message>
        <source>The bench&apos;s QC for one month (n, mean, SD, CV, bias, rejected runs) as PDF.</source>
        <translation>Die QK des Arbeitsplatzes für einen Monat (n, Mittelwert, SD, VK, Bias, verworfene Läufe) als PDF.</translation>
    </message>
    <message>
        <source>No QC lots on this bench</source>
        <translation>Keine QK-Chargen an diesem Arbeitsplatz</translation>
    </message>
    <message>
        <source>All lots</source>
        <translation>Alle Chargen</translation>
    </message>
    <message>
        <source> (expires %1)</source>
        <translation> (verfällt %1)</translation>
    </message>
    <message>
        <source>level %1: %2</source>
        <translation>Level %1: %2</translation>
    </message>
    <message>
        <source>Run %1: %2.</source>
        <translation>Lauf %1: %2.</translation>
    </message>
    <message>
        <source>Patient results of %1 on this bench are held until an accepted run follows a corrective action.</source>
        <translation>Patientenergebnisse von %1 an diesem Arbeitsplatz werden zurückgehalten, bis nach einer Korrekturmaßnahme ein angenommener Lauf folgt.</translation>
    </message>
    <message>
        <source>Level %1 now has its own targets from %2 values.</source>
        <translation>Level %1 hat jetzt eigene Zielwerte aus %2 Werten.</translation>
    </message>
    <message>
        <source>No column mapping is saved for analyzer &quot;%1&quot;; define it first (benchside-cli qc analyzer).</source>
        <translation>Für das Analysegerät „%1“ ist keine Spaltenzuordnung gespeichert; zuerst festlegen (benchside-cli qc analyzer).</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 wurde nicht importiert: %2</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Imported %1 value(s) in %2 run(s) from %3.</source>
        <translation>%1 Wert(e) in %2 Lauf/Läufen aus %3 importiert.</translation>
    </message>
    <message>
        <source>Not imported (%1): %2</source>
        <translation>Nicht importiert (%1): %2</translation>
    </message>
    <message>
        <source>No analyzer has a column mapping yet; define one first (benchside-cli qc analyzer).</source>
        <translation>Noch kein Analysegerät hat eine Spaltenzuordnung; zuerst eine festlegen (benchside-cli qc analyzer).</translation>
    </message>
    <message>
        <source>Import QC values</source>
        <translation>QK-Werte importieren</translation>
    </message>
    <message>
        <source>Analyzer:</source>
        <translation>Analysegerät:</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV-Dateien (*.csv *.txt)</translation>
    </message>
    <message>
        <source>No QC values were recorded on %1 in that month.</source>
        <translation>In diesem Monat wurden an %1 keine QK-Werte erfasst.</translation>
    </message>
    <message>
        <source>Monthly QC summary</source>
        <translation>QK-Monatsübersicht</translation>
    </message>
    <message>
        <source>Month (YYYY-MM):</source>
        <translation>Monat (JJJJ-MM):</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a month; write it as 2026-11.</source>
        <translation>„%1“ ist kein Monat; als 2026-11 schreiben.</translation>
    </message>
    <message>
        <source>Save monthly QC summary</source>
        <translation>QK-Monatsübersicht speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Monthly summary saved to %1.</source>
        <translation>Monatsübersicht nach %1 gespeichert.</translation>
    </message>
    <message>
        <source>Corrective action</source>
        <translation>Korrekturmaßnahme</translation>
    </message>
    <message>
        <source>What was done about the rejected run of %1 (recalibration, new reagent, maintenance …)?</source>
        <translation>Was wurde wegen des verworfenen Laufs von %1 unternommen (Neukalibrierung, neues Reagenz, Wartung …)?</translation>
    </message>
    <message>
        <source>Corrective action recorded. Run QC again: an accepted run releases the hold.</source>
        <translation>Korrekturmaßnahme erfasst. QK erneut messen: Ein angenommener Lauf hebt die Sperre auf.</translation>
    </message>
    <message>
        <source>Override QC lockout</source>
        <translation>QK-Sperre aufheben</translation>
    </message>
    <message>
        <source>Why may results of %1 be released despite the rejected run? (supervisors only; journaled)</source>
        <translation>Warum dürfen Ergebnisse von %1 trotz des verworfenen Laufs freigegeben werden? (nur Supervisoren; wird im Journal erfasst)</translation>
    </message>
    <message>
        <source>Lockout overridden; the reason is in the journal.</source>
        <translation>Sperre aufgehoben; die Begründung steht im Journal.</translation>
    </message>
    <message>
        <source>Look-back review</source>
        <translation>Prüfung der Rückverfolgung</translation>
    </message>
    <message>
        <source>Result %1, released during the QC failure:</source>
        <translation>Ergebnis %1, während des QK-Fehlers freigegeben:</translation>
    </message>
    <message>
        <source>Note (required unless the result stands):</source>
        <translation>Notiz (Pflicht, außer das Ergebnis bleibt bestehen):</translation>
    </message>
    <message>
        <source>Review of %1 recorded.</source>
        <translation>Prüfung von %1 erfasst.</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>accepted with a warning</source>
        <translation>mit Warnung angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
</context>
<context>
    <name>benchside::QcRunEntry</name>
    <message>
        <source>&amp;Record run</source>
        <translation>Lauf &amp;erfassen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record a run&lt;/b&gt;&lt;br&gt;Choose one lot to enter its values.</source>
        <translation>&lt;b&gt;Lauf erfassen&lt;/b&gt;&lt;br&gt;Eine Charge wählen, um ihre Werte einzugeben.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record a run&lt;/b&gt; — %1, lot %2</source>
        <translation>&lt;b&gt;Lauf erfassen&lt;/b&gt; — %1, Charge %2</translation>
    </message>
    <message>
        <source>Level %1:</source>
        <translation>Level %1:</translation>
    </message>
    <message>
        <source>target %1 ± %2 %3</source>
        <translation>Ziel %1 ± %2 %3</translation>
    </message>
    <message>
        <source>establishing targets</source>
        <translation>Zielwerte werden ermittelt</translation>
    </message>
    <message>
        <source>Level %1: &quot;%2&quot; is not a number. Nothing was recorded.</source>
        <translation>Level %1: „%2“ ist keine Zahl. Es wurde nichts erfasst.</translation>
    </message>
    <message>
        <source>Type a value for at least one level.</source>
        <translation>Für mindestens ein Level einen Wert eingeben.</translation>
    </message>
</context>
<context>
    <name>benchside::RackImageView</name>
    <message>
        <source>Drop a rack image here, paste one (Ctrl+V) or open one (Ctrl+I).</source>
        <translation>Ein Rackbild hier ablegen, eines einfügen (Strg+V) oder öffnen (Strg+I).</translation>
    </message>
</context>
<context>
    <name>benchside::RackPage</name>
    <message>
        <source>&lt;b&gt;Rack&lt;/b&gt; — drop, paste or open an image of the tube bottoms.</source>
        <translation>&lt;b&gt;Rack&lt;/b&gt; — ein Bild der Röhrchenböden ablegen, einfügen oder öffnen.</translation>
    </message>
    <message>
        <source>Open rack image…</source>
        <translation>Rackbild öffnen…</translation>
    </message>
    <message>
        <source>Demo rack</source>
        <translation>Demo-Rack</translation>
    </message>
    <message>
        <source>A rack image of demo tubes waiting for receipt, drawn by Benchside.</source>
        <translation>Ein Rackbild mit Demoröhrchen, die auf den Eingang warten, von Benchside gezeichnet.</translation>
    </message>
    <message>
        <source>&amp;Rows:</source>
        <translation>&amp;Zeilen:</translation>
    </message>
    <message>
        <source>C&amp;olumns:</source>
        <translation>&amp;Spalten:</translation>
    </message>
    <message>
        <source>Click a well to see its tube.</source>
        <translation>Auf eine Position klicken, um ihr Röhrchen zu sehen.</translation>
    </message>
    <message>
        <source>Receive all known tubes</source>
        <translation>Eingang aller bekannten Röhrchen buchen</translation>
    </message>
    <message>
        <source>Store rack at…</source>
        <translation>Rack einlagern in…</translation>
    </message>
    <message>
        <source>e.g. Freezer 2 / Rack 5</source>
        <translation>z. B. Gefrierschrank 2 / Rack 5</translation>
    </message>
    <message>
        <source>demo rack</source>
        <translation>Demo-Rack</translation>
    </message>
    <message>
        <source>Reading %1 as a %2 rack…</source>
        <translation>%1 wird als %2-Rack gelesen…</translation>
    </message>
    <message>
        <source>%1 could not be read as a rack.</source>
        <translation>%1 konnte nicht als Rack gelesen werden.</translation>
    </message>
    <message>
        <source>%1 was read, but the station&apos;s specimens could not be looked up.</source>
        <translation>%1 wurde gelesen, aber die Proben der Station konnten nicht nachgeschlagen werden.</translation>
    </message>
    <message>
        <source>%1 read in %2 ms.</source>
        <translation>%1 in %2 ms gelesen.</translation>
    </message>
    <message>
        <source>Scan by hand — not read, or the same code in two wells: %1.</source>
        <translation>Von Hand scannen — nicht gelesen oder derselbe Code in zwei Positionen: %1.</translation>
    </message>
    <message>
        <source>Read in more than one well.</source>
        <translation>In mehr als einer Position gelesen.</translation>
    </message>
    <message>
        <source>Not known at this station.</source>
        <translation>An dieser Station nicht bekannt.</translation>
    </message>
    <message>
        <source>Recorded, but the rack could not be shown again: %1</source>
        <translation>Erfasst, aber das Rack konnte nicht erneut angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Tubes stored at %1: %2.</source>
        <translation>Röhrchen eingelagert in %1: %2.</translation>
    </message>
    <message>
        <source>Tubes received: %1.</source>
        <translation>Röhrchen eingegangen: %1.</translation>
    </message>
    <message>
        <source>Not recorded: %1 — the list says why.</source>
        <translation>Nicht erfasst: %1 — die Liste nennt den Grund.</translation>
    </message>
    <message>
        <source>%1 read · %2 empty · %3 unreadable · %4 duplicate  —  %5 known · %6 unknown</source>
        <translation>%1 gelesen · %2 leer · %3 unlesbar · %4 doppelt  —  %5 bekannt · %6 unbekannt</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 %3</translation>
    </message>
    <message>
        <source>%1 · status %2%3</source>
        <translation>%1 · Status %2%3</translation>
    </message>
    <message>
        <source> · at %1</source>
        <translation> · an %1</translation>
    </message>
    <message>
        <source>Capture from camera</source>
        <translation>Mit der Kamera aufnehmen</translation>
    </message>
    <message>
        <source>Read the rack under the station&apos;s camera, from a picture at its full resolution.</source>
        <translation>Das Rack unter der Kamera der Station lesen, aus einem Bild in ihrer vollen Auflösung.</translation>
    </message>
</context>
<context>
    <name>benchside::RackWellTable</name>
    <message>
        <source>Well</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Specimen</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>benchside::ReceivingPage</name>
    <message>
        <source>&lt;b&gt;Receiving&lt;/b&gt; at %1 — scan each tube as it arrives.</source>
        <translation>&lt;b&gt;Probeneingang&lt;/b&gt; · %1 — jedes Röhrchen bei Ankunft scannen.</translation>
    </message>
    <message>
        <source>Type an accession number and press Enter</source>
        <translation>Eingangsnummer eintippen und Enter drücken</translation>
    </message>
    <message>
        <source>&amp;Manual entry:</source>
        <translation>&amp;Manuelle Eingabe:</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Eingang buchen</translation>
    </message>
    <message numerus="yes">
        <source>%n received this session</source>
        <translation>
            <numerusform>%n in dieser Sitzung eingegangen</numerusform>
            <numerusform>%n in dieser Sitzung eingegangen</numerusform>
        </translation>
    </message>
    <message>
        <source>The scanner sent &quot;%1&quot; without its Enter/Tab suffix.</source>
        <translation>Der Scanner hat „%1“ ohne sein Enter/Tab-Suffix gesendet.</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Kamera</translation>
    </message>
    <message>
        <source>Read tubes held under the station&apos;s camera, beside the scanner.</source>
        <translation>Röhrchen lesen, die unter die Kamera der Station gehalten werden, neben dem Scanner.</translation>
    </message>
    <message>
        <source>Not received: scanned while a dialog was open. Scan the tube again.</source>
        <translation>Nicht eingegangen: gescannt, während ein Dialog geöffnet war. Scannen Sie das Röhrchen erneut.</translation>
    </message>
</context>
<context>
    <name>benchside::ResultEntryPanel</name>
    <message>
        <source>Coded: %1</source>
        <translation>Codiert: %1</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>Freitext</translation>
    </message>
    <message>
        <source>Numeric, %1 · reference %2–%3</source>
        <translation>Numerisch, %1 · Referenz %2–%3</translation>
    </message>
    <message>
        <source> · critical below %1 / above %2</source>
        <translation> · kritisch unter %1 / über %2</translation>
    </message>
    <message>
        <source>Type the result and press Enter</source>
        <translation>Ergebnis eintippen und Enter drücken</translation>
    </message>
    <message>
        <source>Document call…</source>
        <translation>Anruf dokumentieren…</translation>
    </message>
    <message>
        <source>Document who was told this critical result, so that it can be released.</source>
        <translation>Dokumentieren, wem dieser kritische Wert mitgeteilt wurde, damit er freigegeben werden kann.</translation>
    </message>
    <message>
        <source>&amp;Result:</source>
        <translation>&amp;Ergebnis:</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Einheit:</translation>
    </message>
    <message>
        <source>Select a row to enter its result.</source>
        <translation>Eine Zeile wählen, um ihr Ergebnis einzugeben.</translation>
    </message>
    <message>
        <source>Order %1 is not known at this station.</source>
        <translation>Auftrag %1 ist an dieser Station nicht bekannt.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3%4</source>
        <translation>%1 · %2 · %3%4</translation>
    </message>
    <message>
        <source> · released: Enter amends it, with a reason</source>
        <translation> · freigegeben: Enter korrigiert es, mit Begründung</translation>
    </message>
    <message>
        <source> · Δ EXCEEDED (previous %1)</source>
        <translation> · Δ ÜBERSCHRITTEN (Vorwert %1)</translation>
    </message>
    <message>
        <source> · Δ within limit (previous %1)</source>
        <translation> · Δ innerhalb der Grenze (Vorwert %1)</translation>
    </message>
    <message>
        <source>%1 recorded.</source>
        <translation>%1 erfasst.</translation>
    </message>
    <message>
        <source>Amend a released result</source>
        <translation>Freigegebenes Ergebnis korrigieren</translation>
    </message>
    <message>
        <source>%1 was released as %2. Why is it corrected to %3?</source>
        <translation>%1 wurde als %2 freigegeben. Warum wird es auf %3 korrigiert?</translation>
    </message>
    <message>
        <source>Call documented for %1.</source>
        <translation>Anruf für %1 dokumentiert.</translation>
    </message>
    <message>
        <source>%1 is critical and cannot be released until the call is documented.</source>
        <translation>%1 ist kritisch und kann erst freigegeben werden, wenn der Anruf dokumentiert ist.</translation>
    </message>
    <message>
        <source>Numeric, %1 · no reference range in the catalogue</source>
        <translation>Numerisch, %1 · kein Referenzbereich im Katalog</translation>
    </message>
    <message>
        <source> · beyond the plausible limits: check the value</source>
        <translation> · außerhalb der Plausibilitätsgrenzen: Wert prüfen</translation>
    </message>
    <message>
        <source>Implausible value</source>
        <translation>Unplausibler Wert</translation>
    </message>
    <message>
        <source>%1

If the value is right, say why; the reason is recorded with the result.</source>
        <translation>%1

Wenn der Wert richtig ist, begründen Sie es; die Begründung wird mit dem Ergebnis erfasst.</translation>
    </message>
    <message>
        <source>Not recorded: %1</source>
        <translation>Nicht erfasst: %1</translation>
    </message>
</context>
<context>
    <name>benchside::ResultHistoryTable</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Kennz.</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>eingegeben</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>korrigiert</translation>
    </message>
    <message>
        <source>call documented</source>
        <translation>Anruf dokumentiert</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>freigegeben</translation>
    </message>
</context>
<context>
    <name>benchside::ReviewBanner</name>
    <message>
        <source>&amp;Decide…</source>
        <translation>&amp;Entscheiden…</translation>
    </message>
    <message>
        <source>Record which result stands (supervisors)</source>
        <translation>Erfassen, welches Ergebnis gilt (Supervisoren)</translation>
    </message>
    <message>
        <source>Cannot read the review list: %1</source>
        <translation>Die Prüfliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Needs review — records from two stations conflict:</source>
        <translation>Prüfung nötig — Einträge von zwei Stationen widersprechen sich:</translation>
    </message>
    <message>
        <source>Decide the conflict on %1</source>
        <translation>Den Konflikt bei %1 entscheiden</translation>
    </message>
    <message>
        <source>Which result stands, and why (for example &quot;6.1 confirmed by rerun&quot;):</source>
        <translation>Welches Ergebnis gilt, und warum (zum Beispiel „6.1 durch Wiederholung bestätigt“):</translation>
    </message>
    <message>
        <source>Review not recorded</source>
        <translation>Prüfung nicht erfasst</translation>
    </message>
</context>
<context>
    <name>benchside::ScanFeedbackPanel</name>
    <message>
        <source>Accession…</source>
        <translation>Erfassen…</translation>
    </message>
    <message>
        <source>Open specimen</source>
        <translation>Probe öffnen</translation>
    </message>
    <message>
        <source>(empty scan)</source>
        <translation>(leerer Scan)</translation>
    </message>
    <message>
        <source>Patient not identified</source>
        <translation>Patient nicht identifiziert</translation>
    </message>
    <message>
        <source>MRN %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>geb. %1</translation>
    </message>
    <message>
        <source>no tests ordered</source>
        <translation>keine Analysen angefordert</translation>
    </message>
    <message>
        <source>Found by the hospital&apos;s label %1: print our label %2 and put it on the tube.</source>
        <translation>Über das Etikett des Krankenhauses %1 gefunden: unser Etikett %2 drucken und auf das Röhrchen kleben.</translation>
    </message>
</context>
<context>
    <name>benchside::ScanLogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Gefunden</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Doppelt</translation>
    </message>
    <message>
        <source>Already received</source>
        <translation>Bereits eingegangen</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Bad check character</source>
        <translation>Falsches Prüfzeichen</translation>
    </message>
    <message>
        <source>Bad characters</source>
        <translation>Ungültige Zeichen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Disposed</source>
        <translation>Entsorgt</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Unvollständig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>benchside::ScanRefusal</name>
    <message>
        <source>Scan not used: %1. Nothing was recorded for it and no field of this dialog was changed. Finish or cancel this dialog, then scan the tube again.</source>
        <translation>Scan nicht verwendet: %1. Dafür wurde nichts erfasst, und kein Feld dieses Dialogs wurde geändert. Schließen Sie diesen Dialog ab oder brechen Sie ihn ab, und scannen Sie das Röhrchen dann erneut.</translation>
    </message>
</context>
<context>
    <name>benchside::SerialScanner</name>
    <message>
        <source>No serial port is set for the barcode scanner.</source>
        <translation>Für den Barcodescanner ist kein serieller Port eingestellt.</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2. Check that the scanner is plugged in and in USB serial (CDC) mode.</source>
        <translation>%1 konnte nicht geöffnet werden: %2. Prüfen, ob der Scanner eingesteckt und im USB-Seriell-Modus (CDC) ist.</translation>
    </message>
    <message>
        <source>If another program is using the port, close it; otherwise ask for your account to be added to the dialout group.</source>
        <translation>Wenn ein anderes Programm den Port benutzt, es schließen; andernfalls darum bitten, Ihr Konto der Gruppe dialout hinzuzufügen.</translation>
    </message>
    <message>
        <source>The barcode scanner on %1 was disconnected. Plug it back in; Benchside reconnects by itself.</source>
        <translation>Der Barcodescanner an %1 wurde getrennt. Wieder einstecken; Benchside verbindet sich von selbst neu.</translation>
    </message>
    <message>
        <source>The barcode scanner on %1 was disconnected (%2). Plug it back in; Benchside reconnects by itself.</source>
        <translation>Der Barcodescanner an %1 wurde getrennt (%2). Wieder einstecken; Benchside verbindet sich von selbst neu.</translation>
    </message>
    <message>
        <source>The barcode scanner on %1 reported an error: %2.</source>
        <translation>Der Barcodescanner an %1 hat einen Fehler gemeldet: %2.</translation>
    </message>
</context>
<context>
    <name>benchside::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>Station:</source>
        <translation>Station:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Standort:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>Set when the station was set up and written into every entry of its journal; a workstation that moves is set up as a new station.</source>
        <translation>Beim Einrichten der Station festgelegt und in jeden Eintrag ihres Journals geschrieben; ein Arbeitsplatzrechner, der umzieht, wird als neue Station eingerichtet.</translation>
    </message>
    <message>
        <source>S&amp;canner</source>
        <translation>S&amp;canner</translation>
    </message>
    <message>
        <source>Longest gap between keys of a scan (ms):</source>
        <translation>Längster Abstand zwischen den Tasten eines Scans (ms):</translation>
    </message>
    <message>
        <source>5 to 200</source>
        <translation>5 bis 200</translation>
    </message>
    <message>
        <source>Prefix the scanner sends:</source>
        <translation>Präfix, das der Scanner sendet:</translation>
    </message>
    <message>
        <source>up to 4 characters; empty for none</source>
        <translation>bis zu 4 Zeichen; leer für keins</translation>
    </message>
    <message>
        <source>Suffix that ends a scan:</source>
        <translation>Suffix, das einen Scan beendet:</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Enter or Tab</source>
        <translation>Enter oder Tab</translation>
    </message>
    <message>
        <source>none: a pause ends the scan</source>
        <translation>keins: eine Pause beendet den Scan</translation>
    </message>
    <message>
        <source>Shortest scan (characters):</source>
        <translation>Kürzester Scan (Zeichen):</translation>
    </message>
    <message>
        <source>Same tube again within (s) is a duplicate:</source>
        <translation>Dasselbe Röhrchen innerhalb von (s) gilt als doppelt:</translation>
    </message>
    <message>
        <source>0 to 3600</source>
        <translation>0 bis 3600</translation>
    </message>
    <message>
        <source>Se&amp;rial scanner</source>
        <translation>Se&amp;rieller Scanner</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>for example /dev/ttyACM0; empty for none</source>
        <translation>zum Beispiel /dev/ttyACM0; leer für keinen</translation>
    </message>
    <message>
        <source>Baud rate:</source>
        <translation>Baudrate:</translation>
    </message>
    <message>
        <source>CR (carriage return)</source>
        <translation>CR (Wagenrücklauf)</translation>
    </message>
    <message>
        <source>LF (line feed)</source>
        <translation>LF (Zeilenvorschub)</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <source>none: a pause ends the code</source>
        <translation>keins: eine Pause beendet den Code</translation>
    </message>
    <message>
        <source>End of a code:</source>
        <translation>Ende eines Codes:</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>&amp;Etiketten</translation>
    </message>
    <message>
        <source>Label width (mm):</source>
        <translation>Etikettenbreite (mm):</translation>
    </message>
    <message>
        <source>15 to 150</source>
        <translation>15 bis 150</translation>
    </message>
    <message>
        <source>Label height (mm):</source>
        <translation>Etikettenhöhe (mm):</translation>
    </message>
    <message>
        <source>Printer resolution (dpi):</source>
        <translation>Druckerauflösung (dpi):</translation>
    </message>
    <message>
        <source>ZPL printer (host:port):</source>
        <translation>ZPL-Drucker (host:port):</translation>
    </message>
    <message>
        <source>for example 10.0.0.5:9100</source>
        <translation>zum Beispiel 10.0.0.5:9100</translation>
    </message>
    <message>
        <source>Ser&amp;ver</source>
        <translation>Ser&amp;ver</translation>
    </message>
    <message>
        <source>Sync server:</source>
        <translation>Sync-Server:</translation>
    </message>
    <message>
        <source>not set up</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>Server URL and &amp;TLS…</source>
        <translation>Server-URL und &amp;TLS…</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>Sprac&amp;he</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Wie das System (%1)</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Benchside shows the new language when it is started again.</source>
        <translation>Benchside zeigt die neue Sprache beim nächsten Start.</translation>
    </message>
    <message>
        <source>Lock when idle for (minutes):</source>
        <translation>Sperren nach Inaktivität von (Minuten):</translation>
    </message>
    <message>
        <source>0 to 240; 0 locks only with Ctrl+L</source>
        <translation>0 bis 240; bei 0 nur mit Strg+L sperren</translation>
    </message>
    <message>
        <source>Ca&amp;mera</source>
        <translation>&amp;Kamera</translation>
    </message>
    <message>
        <source>The system&apos;s default camera</source>
        <translation>Die Standardkamera des Systems</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>Keine Kamera</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht angeschlossen)</translation>
    </message>
    <message>
        <source>Camera over the bench:</source>
        <translation>Kamera über dem Arbeitsplatz:</translation>
    </message>
    <message>
        <source>The Camera page, and the Camera button on the Receiving page, read tubes held under it; Capture rack reads a rack from it.</source>
        <translation>Die Seite Kamera und die Schaltfläche Kamera auf der Seite Probeneingang lesen Röhrchen, die darunter gehalten werden; Rack aufnehmen liest ein Rack damit.</translation>
    </message>
</context>
<context>
    <name>benchside::SlowestOrdersTable</name>
    <message>
        <source>Accession</source>
        <translation>Eingangsnr.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>benchside::SpecimenPage</name>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min ago</source>
        <translation>vor %1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h ago</source>
        <translation>vor %1 d %2 h</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 Jahre</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 Monate</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Weiblich</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Männlich</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Scan a tube or type its accession number to see where it is and what happened to it.</source>
        <translation>Ein Röhrchen scannen oder seine Eingangsnummer eintippen, um zu sehen, wo es ist und was damit geschah.</translation>
    </message>
    <message>
        <source>Chain of custody, newest first</source>
        <translation>Verwahrkette, neueste zuerst</translation>
    </message>
    <message>
        <source>Scan or type an accession number, then Enter</source>
        <translation>Eingangsnummer scannen oder eintippen, dann Enter</translation>
    </message>
    <message>
        <source>Fi&amp;nd specimen:</source>
        <translation>Probe &amp;finden:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>MRN:</source>
        <translation>PID:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Geboren:</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>Geschlecht:</translation>
    </message>
    <message>
        <source>Specimen</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Container:</source>
        <translation>Gefäß:</translation>
    </message>
    <message>
        <source>Collected:</source>
        <translation>Abgenommen:</translation>
    </message>
    <message>
        <source>Accessioned:</source>
        <translation>Erfasst:</translation>
    </message>
    <message>
        <source>Ordered tests</source>
        <translation>Angeforderte Analysen</translation>
    </message>
    <message>
        <source>Record a step</source>
        <translation>Schritt erfassen</translation>
    </message>
    <message>
        <source>Save custody report (&amp;PDF)…</source>
        <translation>Bericht zur Verwahrkette speichern (&amp;PDF)…</translation>
    </message>
    <message>
        <source>Print &amp;label…</source>
        <translation>Etikett &amp;drucken…</translation>
    </message>
    <message>
        <source>Tube label: print, PDF, PNG or ZPL (%1)</source>
        <translation>Röhrchenetikett: Drucken, PDF, PNG oder ZPL (%1)</translation>
    </message>
    <message>
        <source>No specimen %1 is known at this station. If this is a pre-printed label on a new tube, accession it.</source>
        <translation>An dieser Station ist keine Probe %1 bekannt. Ist dies ein vorgedrucktes Etikett auf einem neuen Röhrchen, die Probe erfassen.</translation>
    </message>
    <message>
        <source>&amp;Accession %1…</source>
        <translation>&amp;Erfassen %1…</translation>
    </message>
    <message>
        <source>STAT</source>
        <translation>STAT</translation>
    </message>
    <message>
        <source>ASAP</source>
        <translation>ASAP</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <source>Aliquot of %1</source>
        <translation>Aliquot von %1</translation>
    </message>
    <message>
        <source>Aliquots: %1</source>
        <translation>Aliquots: %1</translation>
    </message>
    <message>
        <source>location not recorded</source>
        <translation>Ort nicht erfasst</translation>
    </message>
    <message>
        <source>since %1 (%2) · %3 by %4 at station %5</source>
        <translation>seit %1 (%2) · %3 von %4 an Station %5</translation>
    </message>
    <message>
        <source>Patient not identified</source>
        <translation>Patient nicht identifiziert</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>&lt;i&gt;none&lt;/i&gt;</source>
        <translation>&lt;i&gt;keine&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 recorded for %2.</source>
        <translation>%1 für %2 erfasst.</translation>
    </message>
    <message>
        <source>%1 recorded for %2: %3.</source>
        <translation>%1 für %2 erfasst: %3.</translation>
    </message>
    <message numerus="yes">
        <source>Print &amp;labels for %n aliquot(s)…</source>
        <translation>
            <numerusform>Etikett für %n Aliquot &amp;drucken…</numerusform>
            <numerusform>Etiketten für %n Aliquots &amp;drucken…</numerusform>
        </translation>
    </message>
    <message>
        <source>custody-%1.pdf</source>
        <comment>file name of a custody report</comment>
        <translation>verwahrkette-%1.pdf</translation>
    </message>
    <message>
        <source>Save custody report</source>
        <translation>Bericht zur Verwahrkette speichern</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Custody report of %1 saved to %2 (%n page(s)).</source>
        <translation>
            <numerusform>Bericht zur Verwahrkette von %1 nach %2 gespeichert (%n Seite).</numerusform>
            <numerusform>Bericht zur Verwahrkette von %1 nach %2 gespeichert (%n Seiten).</numerusform>
        </translation>
    </message>
    <message>
        <source>Manual review</source>
        <translation>Manuelle Prüfung</translation>
    </message>
    <message>
        <source>Clear &amp;manual review…</source>
        <translation>&amp;Manuelle Prüfung aufheben…</translation>
    </message>
    <message>
        <source>Hold for &amp;manual review…</source>
        <translation>Zur &amp;manuellen Prüfung zurückhalten…</translation>
    </message>
    <message>
        <source>Let the autoverification rules release this tube&apos;s results again</source>
        <translation>Die Regeln der Autovalidierung dürfen die Ergebnisse dieses Röhrchens wieder freigeben</translation>
    </message>
    <message>
        <source>Autoverification releases none of this tube&apos;s results until the mark is cleared</source>
        <translation>Die Autovalidierung gibt kein Ergebnis dieses Röhrchens frei, bis die Markierung aufgehoben ist</translation>
    </message>
    <message>
        <source>Clear manual review</source>
        <translation>Manuelle Prüfung aufheben</translation>
    </message>
    <message>
        <source>Hold for manual review</source>
        <translation>Zur manuellen Prüfung zurückhalten</translation>
    </message>
    <message>
        <source>Why may the rules release %1&apos;s results again?</source>
        <translation>Warum dürfen die Regeln die Ergebnisse von %1 wieder freigeben?</translation>
    </message>
    <message>
        <source>Why must a person see %1&apos;s results before release?</source>
        <translation>Warum muss ein Mensch die Ergebnisse von %1 vor der Freigabe sehen?</translation>
    </message>
    <message>
        <source>%1 is held for manual review: autoverification releases none of its results.</source>
        <translation>%1 ist zur manuellen Prüfung zurückgehalten: Die Autovalidierung gibt keines seiner Ergebnisse frei.</translation>
    </message>
    <message>
        <source>%1 is no longer held for manual review.</source>
        <translation>%1 ist nicht mehr zur manuellen Prüfung zurückgehalten.</translation>
    </message>
    <message>
        <source>Accessioned as %1. This number is on no tube yet: print its label, put it on the tube, then scan the tube at Receiving.</source>
        <translation>Erfasst als %1. Diese Nummer steht noch auf keinem Röhrchen: Drucken Sie das Etikett, kleben Sie es auf das Röhrchen und scannen Sie das Röhrchen dann im Probeneingang.</translation>
    </message>
    <message>
        <source>Accessioned as %1, the tube&apos;s pre-printed label. Scan the tube at Receiving to receive it.</source>
        <translation>Erfasst als %1, dem vorgedruckten Etikett des Röhrchens. Scannen Sie das Röhrchen im Probeneingang, um es als eingegangen zu erfassen.</translation>
    </message>
</context>
<context>
    <name>benchside::StationSetupDialog</name>
    <message>
        <source>Set up this workstation</source>
        <translation>Diesen Arbeitsplatzrechner einrichten</translation>
    </message>
    <message>
        <source>&lt;p&gt;There is no Benchside database at &lt;b&gt;%1&lt;/b&gt; yet.&lt;/p&gt;&lt;p&gt;Set this workstation up as a new station of your laboratory below. Just want to look around? Press &lt;i&gt;Quit&lt;/i&gt; and start &lt;tt&gt;benchside --demo&lt;/tt&gt; instead: the demo keeps its training data in a separate file.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Unter &lt;b&gt;%1&lt;/b&gt; gibt es noch keine Benchside-Datenbank.&lt;/p&gt;&lt;p&gt;Richten Sie diesen Arbeitsplatzrechner unten als neue Station Ihres Labors ein. Möchten Sie sich nur umsehen? Dann &lt;i&gt;Beenden&lt;/i&gt; drücken und stattdessen &lt;tt&gt;benchside --demo&lt;/tt&gt; starten: Die Demo hält ihre Übungsdaten in einer eigenen Datei.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>2 to 8 letters and digits, starting and ending with a letter. It begins every accession number this station assigns and can never change, so no two stations may share it.</source>
        <translation>2 bis 8 Buchstaben und Ziffern, beginnend und endend mit einem Buchstaben. Sie steht am Anfang jeder Eingangsnummer, die diese Station vergibt, und kann sich nie ändern; daher dürfen sich keine zwei Stationen sie teilen.</translation>
    </message>
    <message>
        <source>Main Lab / Receiving</source>
        <translation>Zentrallabor / Probeneingang</translation>
    </message>
    <message>
        <source>optional: the laboratory&apos;s catalogue file (JSON)</source>
        <translation>optional: die Katalogdatei des Labors (JSON)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Station &amp;id:</source>
        <translation>Stations-&amp;ID:</translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>Receiving &amp;location:</source>
        <translation>&amp;Ort des Eingangs:</translation>
    </message>
    <message>
        <source>&amp;Catalogue:</source>
        <translation>&amp;Katalog:</translation>
    </message>
    <message>
        <source>Set up station</source>
        <translation>Station einrichten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Catalogue file</source>
        <translation>Katalogdatei</translation>
    </message>
    <message>
        <source>Catalogue (*.json);;All files (*)</source>
        <translation>Katalog (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The station id must be 2 to 8 letters and digits that start and end with a letter.</source>
        <translation>Die Stations-ID muss aus 2 bis 8 Buchstaben und Ziffern bestehen, die mit einem Buchstaben beginnen und enden.</translation>
    </message>
    <message>
        <source>Enter the site this workstation belongs to.</source>
        <translation>Den Standort eingeben, zu dem dieser Arbeitsplatzrechner gehört.</translation>
    </message>
    <message>
        <source>Enter where tubes are received at this workstation.</source>
        <translation>Eingeben, wo an diesem Arbeitsplatzrechner Röhrchen eingehen.</translation>
    </message>
    <message>
        <source>Cannot read the catalogue %1: %2</source>
        <translation>Der Katalog %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Catalogue not imported</source>
        <translation>Katalog nicht importiert</translation>
    </message>
    <message>
        <source>Station %1 is set up, but its catalogue could not be imported: %2</source>
        <translation>Station %1 ist eingerichtet, aber ihr Katalog konnte nicht importiert werden: %2</translation>
    </message>
</context>
<context>
    <name>benchside::SyncSettingsDialog</name>
    <message>
        <source>Sync settings</source>
        <translation>Sync-Einstellungen</translation>
    </message>
    <message>
        <source>as printed by benchside-cli server add-station</source>
        <translation>wie von benchside-cli server add-station ausgegeben</translation>
    </message>
    <message>
        <source>verify-full — encrypted, server certificate and name checked (recommended)</source>
        <translation>verify-full — verschlüsselt, Serverzertifikat und Name geprüft (empfohlen)</translation>
    </message>
    <message>
        <source>verify-ca — encrypted, server certificate checked</source>
        <translation>verify-ca — verschlüsselt, Serverzertifikat geprüft</translation>
    </message>
    <message>
        <source>require — encrypted, server not checked</source>
        <translation>require — verschlüsselt, Server nicht geprüft</translation>
    </message>
    <message>
        <source>prefer — encrypted if the server offers it</source>
        <translation>prefer — verschlüsselt, wenn der Server es anbietet</translation>
    </message>
    <message>
        <source>disable — not encrypted</source>
        <translation>disable — nicht verschlüsselt</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Eine Datei wählen</translation>
    </message>
    <message>
        <source>CA &amp;certificate:</source>
        <translation>CA-&amp;Zertifikat:</translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation>Client-Z&amp;ertifikat:</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Client-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Sync &amp;every:</source>
        <translation>Synchronisieren &amp;alle:</translation>
    </message>
    <message>
        <source>The password is stored sealed with a key only this user can read; the settings file never holds it.</source>
        <translation>Das Passwort wird mit einem Schlüssel versiegelt gespeichert, den nur dieser Benutzer lesen kann; die Einstellungsdatei enthält es nie.</translation>
    </message>
    <message>
        <source>Cannot read the file %1.</source>
        <translation>Die Datei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>A client certificate needs its key, and a key its certificate.</source>
        <translation>Ein Client-Zertifikat braucht seinen Schlüssel und ein Schlüssel sein Zertifikat.</translation>
    </message>
</context>
<context>
    <name>benchside::SyncStatusIndicator</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Sync: not set up</source>
        <translation>Sync: nicht eingerichtet</translation>
    </message>
    <message>
        <source>This station keeps its records locally only. Set the server in Station ▸ Sync settings.</source>
        <translation>Diese Station speichert ihre Daten nur lokal. Den Server unter Station ▸ Sync-Einstellungen festlegen.</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>synchronisiert…</translation>
    </message>
    <message numerus="yes">
        <source>Online · synced %1 · %n waiting</source>
        <translation>
            <numerusform>Online · synchronisiert %1 · %n wartend</numerusform>
            <numerusform>Online · synchronisiert %1 · %n wartend</numerusform>
        </translation>
    </message>
    <message>
        <source>Pushed %1 and pulled %2 event(s) in the last round.</source>
        <translation>In der letzten Runde %1 Ereignis(se) gesendet und %2 abgerufen.</translation>
    </message>
    <message>
        <source>retry in %1</source>
        <translation>neuer Versuch in %1</translation>
    </message>
    <message numerus="yes">
        <source>Sync problem · synced %1 · %n waiting · %2</source>
        <translation>
            <numerusform>Sync-Problem · synchronisiert %1 · %n wartend · %2</numerusform>
            <numerusform>Sync-Problem · synchronisiert %1 · %n wartend · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Offline · synced %1 · %n waiting · %2</source>
        <translation>
            <numerusform>Offline · synchronisiert %1 · %n wartend · %2</numerusform>
            <numerusform>Offline · synchronisiert %1 · %n wartend · %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>benchside::SyncWorker</name>
    <message>
        <source>Cannot open the station&apos;s database for syncing: %1</source>
        <translation>Die Datenbank der Station kann für die Synchronisation nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The sync server closed the connection and cannot be reached again: %1</source>
        <translation>Der Sync-Server hat die Verbindung geschlossen und ist nicht wieder erreichbar: %1</translation>
    </message>
</context>
<context>
    <name>benchside::TatChartView</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>No verified results in this period.</source>
        <translation>Keine freigegebenen Ergebnisse in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>median %1</source>
        <translation>Median %1</translation>
    </message>
    <message>
        <source>p90 %1</source>
        <translation>P90 %1</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>Max. %1</translation>
    </message>
    <message>
        <source>target %1: %2 of %3 over</source>
        <translation>Ziel %1: %2 von %3 darüber</translation>
    </message>
    <message>
        <source>Turnaround</source>
        <translation>Bearbeitungszeit</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>Ausreißer</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>minutes received → verified</source>
        <translation>Minuten Eingang → Freigabe</translation>
    </message>
</context>
<context>
    <name>benchside::UnmatchedModel</name>
    <message>
        <source>Tube %1</source>
        <translation>Röhrchen %1</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>Gemessen %1</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Analyzer</source>
        <translation>Analysegerät</translation>
    </message>
    <message>
        <source>Sample ID</source>
        <translation>Probenkennung</translation>
    </message>
    <message>
        <source>Analyzer code</source>
        <translation>Gerätecode</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Kennzeichen</translation>
    </message>
    <message>
        <source>Why it waits</source>
        <translation>Warum er wartet</translation>
    </message>
</context>
<context>
    <name>benchside::UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>Benutzer &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Set &amp;password…</source>
        <translation>&amp;Passwort festlegen…</translation>
    </message>
    <message>
        <source>Set P&amp;IN…</source>
        <translation>P&amp;IN festlegen…</translation>
    </message>
    <message>
        <source>Assign &amp;badge…</source>
        <translation>Aus&amp;weis zuordnen…</translation>
    </message>
    <message>
        <source>You can change your own password and PIN; an administrator manages everyone else&apos;s, and badges.</source>
        <translation>Sie können Ihr eigenes Passwort und Ihre PIN ändern; alle anderen und die Ausweise verwaltet ein Administrator.</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>for example p.nair</source>
        <translation>zum Beispiel p.nair</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <source>%1 added. Set a password, or a badge and a PIN, so they can sign in.</source>
        <translation>%1 hinzugefügt. Ein Passwort oder einen Ausweis mit PIN festlegen, damit sich die Person anmelden kann.</translation>
    </message>
    <message>
        <source>PIN of %1</source>
        <translation>PIN von %1</translation>
    </message>
    <message>
        <source>Password of %1</source>
        <translation>Passwort von %1</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>Neue PIN:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Neues Passwort:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>The two entries differ; nothing was changed.</source>
        <translation>Die beiden Eingaben unterscheiden sich; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>PIN of %1 set.</source>
        <translation>PIN von %1 festgelegt.</translation>
    </message>
    <message>
        <source>Password of %1 set.</source>
        <translation>Passwort von %1 festgelegt.</translation>
    </message>
    <message>
        <source>Badge of %1</source>
        <translation>Ausweis von %1</translation>
    </message>
    <message>
        <source>Scan the badge:</source>
        <translation>Den Ausweis scannen:</translation>
    </message>
    <message>
        <source>Badge of %1 set.</source>
        <translation>Ausweis von %1 festgelegt.</translation>
    </message>
</context>
<context>
    <name>benchside::VerificationPage</name>
    <message>
        <source>&lt;b&gt;Verification&lt;/b&gt; — release normal results together; abnormal and critical ones one at a time.</source>
        <translation>&lt;b&gt;Freigabe&lt;/b&gt; — normale Ergebnisse gemeinsam freigeben, auffällige und kritische einzeln.</translation>
    </message>
    <message>
        <source>Entered, awaiting first release</source>
        <translation>Eingegeben, wartet auf erste Freigabe</translation>
    </message>
    <message>
        <source>Amended, awaiting release again</source>
        <translation>Korrigiert, wartet erneut auf Freigabe</translation>
    </message>
    <message>
        <source>&amp;Verify and release</source>
        <translation>&amp;Validieren und freigeben</translation>
    </message>
    <message>
        <source>Release the selected result (Enter)</source>
        <translation>Das gewählte Ergebnis freigeben (Enter)</translation>
    </message>
    <message>
        <source>Document &amp;call…</source>
        <translation>&amp;Anruf dokumentieren…</translation>
    </message>
    <message>
        <source>Release all &amp;normal</source>
        <translation>Alle &amp;normalen freigeben</translation>
    </message>
    <message>
        <source>Release every normal result in this queue at once; abnormal, critical and delta-check failures stay for individual review.</source>
        <translation>Alle normalen Ergebnisse dieser Liste auf einmal freigeben; auffällige, kritische und solche mit überschrittenem Deltacheck bleiben zur Einzelprüfung.</translation>
    </message>
    <message>
        <source>Release all normal results</source>
        <translation>Alle normalen Ergebnisse freigeben</translation>
    </message>
    <message>
        <source>Release every normal result of %1 now, in your name?</source>
        <translation>Alle normalen Ergebnisse von %1 jetzt in Ihrem Namen freigeben?</translation>
    </message>
    <message>
        <source>Bench:</source>
        <translation>Arbeitsplatz:</translation>
    </message>
    <message>
        <source>Nothing to verify here.</source>
        <translation>Hier gibt es nichts freizugeben.</translation>
    </message>
    <message>
        <source>Order %1 is not known at this station.</source>
        <translation>Auftrag %1 ist an dieser Station nicht bekannt.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source> · call not documented</source>
        <translation> · Anruf nicht dokumentiert</translation>
    </message>
    <message>
        <source> · told %1</source>
        <translation> · benachrichtigt: %1</translation>
    </message>
    <message>
        <source> · Δ exceeded (previous %1)</source>
        <translation> · Δ überschritten (Vorwert %1)</translation>
    </message>
    <message>
        <source>%1 verified and released.</source>
        <translation>%1 validiert und freigegeben.</translation>
    </message>
    <message>
        <source>Call documented for %1; it can be released now.</source>
        <translation>Anruf für %1 dokumentiert; es kann jetzt freigegeben werden.</translation>
    </message>
    <message>
        <source>Normal results released: %1. Left for individual review: %2.</source>
        <translation>Normale Ergebnisse freigegeben: %1. Zur Einzelprüfung verblieben: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n released result(s) recorded without a flag are critical by today&apos;s ranges, and no call to the care team is documented: %1. Call, then document each call.</source>
        <translation>
            <numerusform>%n ohne Kennzeichen freigegebenes Ergebnis ist nach den heutigen Bereichen kritisch, und kein Anruf beim Behandlungsteam ist dokumentiert: %1. Anrufen, dann jeden Anruf dokumentieren.</numerusform>
            <numerusform>%n ohne Kennzeichen freigegebene Ergebnisse sind nach den heutigen Bereichen kritisch, und kein Anruf beim Behandlungsteam ist dokumentiert: %1. Anrufen, dann jeden Anruf dokumentieren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Document call for %1…</source>
        <translation>Anruf für %1 dokumentieren…</translation>
    </message>
    <message>
        <source>Call documented for %1.</source>
        <translation>Anruf für %1 dokumentiert.</translation>
    </message>
    <message>
        <source>Nothing in this queue can be released by you: %1</source>
        <translation>Nichts in dieser Liste können Sie freigeben: %1</translation>
    </message>
</context>
<context>
    <name>benchside::WorklistFilterBar</name>
    <message>
        <source>Open (not released)</source>
        <translation>Offen (nicht freigegeben)</translation>
    </message>
    <message>
        <source>Pending (no result)</source>
        <translation>Ausstehend (kein Ergebnis)</translation>
    </message>
    <message>
        <source>Entered (to verify)</source>
        <translation>Eingegeben (freizugeben)</translation>
    </message>
    <message>
        <source>Amended (to verify)</source>
        <translation>Korrigiert (freizugeben)</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Jede Priorität</translation>
    </message>
    <message>
        <source>STAT</source>
        <translation>STAT</translation>
    </message>
    <message>
        <source>ASAP</source>
        <translation>ASAP</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <source>Received any time</source>
        <translation>Eingang jederzeit</translation>
    </message>
    <message>
        <source>Last 2 hours</source>
        <translation>Letzte 2 Stunden</translation>
    </message>
    <message>
        <source>Last 8 hours</source>
        <translation>Letzte 8 Stunden</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>&amp;Bench:</source>
        <translation>&amp;Arbeitsplatz:</translation>
    </message>
    <message>
        <source>All tests</source>
        <translation>Alle Analysen</translation>
    </message>
</context>
<context>
    <name>benchside::WorklistModel</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>Eingangsnr.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Kennz.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Measured by %1</source>
        <translation>Gemessen von %1</translation>
    </message>
    <message>
        <source>Measured by %1; its flags: %2</source>
        <translation>Gemessen von %1; seine Kennzeichen: %2</translation>
    </message>
    <message>
        <source>%1 · %2 · see its notes</source>
        <translation>%1 · %2 · Hinweise beachten</translation>
    </message>
    <message>
        <source>Its status: %1 (not final)</source>
        <translation>Sein Status: %1 (nicht endgültig)</translation>
    </message>
    <message>
        <source>Its comments: %1</source>
        <translation>Seine Kommentare: %1</translation>
    </message>
</context>
<context>
    <name>benchside::WorklistPage</name>
    <message>
        <source>&lt;b&gt;Worklist&lt;/b&gt; — STAT first, then oldest; click a column heading to sort. Type a result and press Enter; ↑/↓ move between rows; scan a tube to find it.</source>
        <translation>&lt;b&gt;Arbeitsliste&lt;/b&gt; — STAT zuerst, dann die ältesten; zum Sortieren auf eine Spaltenüberschrift klicken. Ergebnis eintippen und Enter drücken; ↑/↓ wechseln die Zeile; ein Röhrchen scannen, um es zu finden.</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <source>The whole worklist as shown, to print for a manual bench.</source>
        <translation>Die ganze Arbeitsliste wie angezeigt, zum Drucken für einen manuellen Arbeitsplatz.</translation>
    </message>
    <message>
        <source>Save as &amp;CSV…</source>
        <translation>Als &amp;CSV speichern…</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>The whole worklist as shown, on paper for a manual bench.</source>
        <translation>Die ganze Arbeitsliste wie angezeigt, auf Papier für einen manuellen Arbeitsplatz.</translation>
    </message>
    <message>
        <source>The worklist cannot be sorted by %1; sort by priority, accession, test, received, age or due time.</source>
        <translation>Die Arbeitsliste kann nicht nach %1 sortiert werden; nach Priorität, Eingangsnummer, Analyse, Eingang, Alter oder Fälligkeit sortieren.</translation>
    </message>
    <message>
        <source>QC lockout — these results cannot be released:</source>
        <translation>QK-Sperre — diese Ergebnisse können nicht freigegeben werden:</translation>
    </message>
    <message>
        <source>%1 is not known at this station.</source>
        <translation>%1 ist an dieser Station nicht bekannt.</translation>
    </message>
    <message>
        <source>%1 has no orders on this worklist (%2) with these filters.</source>
        <translation>%1 hat mit diesen Filtern keine Aufträge auf dieser Arbeitsliste (%2).</translation>
    </message>
    <message>
        <source>Worklist — %1</source>
        <translation>Arbeitsliste — %1</translation>
    </message>
    <message>
        <source>Worklist sent to %1.</source>
        <translation>Arbeitsliste an %1 gesendet.</translation>
    </message>
    <message>
        <source>Save worklist as PDF</source>
        <translation>Arbeitsliste als PDF speichern</translation>
    </message>
    <message>
        <source>Save worklist as CSV</source>
        <translation>Arbeitsliste als CSV speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Worklist saved to %1.</source>
        <translation>Arbeitsliste nach %1 gespeichert.</translation>
    </message>
    <message>
        <source>Orders shown: %1, more above and below</source>
        <translation>Angezeigte Aufträge: %1, weitere darüber und darunter</translation>
    </message>
    <message>
        <source>Orders shown: %1, more above</source>
        <translation>Angezeigte Aufträge: %1, weitere darüber</translation>
    </message>
    <message>
        <source>Orders shown: %1, more below</source>
        <translation>Angezeigte Aufträge: %1, weitere darunter</translation>
    </message>
    <message>
        <source>Orders: %1</source>
        <translation>Aufträge: %1</translation>
    </message>
</context>
<context>
    <name>benchside::WorklistRowDelegate</name>
    <message>
        <source>⚠ OVERDUE</source>
        <translation>⚠ ÜBERFÄLLIG</translation>
    </message>
    <message>
        <source>◔ due soon</source>
        <translation>◔ bald fällig</translation>
    </message>
</context>
<context>
    <name>benchside::cli</name>
    <message>
        <source>%1 needs %2.</source>
        <translation>%1 braucht %2.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Run benchside-cli --help for the list.</source>
        <translation>Unbekannter Befehl „%1“. Für die Liste benchside-cli --help ausführen.</translation>
    </message>
    <message>
        <source>Usage: benchside-cli [--db PATH] [--json] [--as USER] COMMAND [OPTIONS]

Commands:
</source>
        <translation>Aufruf: benchside-cli [--db PFAD] [--json] [--as BENUTZER] BEFEHL [OPTIONEN]

Befehle:
</translation>
    </message>
    <message>
        <source>
Exit codes: 0 success, 1 failure, 2 bad input, 3 tampering or inconsistency found.
</source>
        <translation>
Exit-Codes: 0 Erfolg, 1 Fehler, 2 ungültige Eingabe, 3 Manipulation oder Widerspruch gefunden.
</translation>
    </message>
    <message>
        <source>an image file</source>
        <translation>eine Bilddatei</translation>
    </message>
    <message>
        <source>Give the rack&apos;s size with --rack ROWSxCOLS, for example --rack 8x12.</source>
        <translation>Die Größe des Racks mit --rack ZEILENxSPALTEN angeben, zum Beispiel --rack 8x12.</translation>
    </message>
    <message>
        <source>Rack %1: %2 read, %3 empty, %4 unreadable, %5 duplicate</source>
        <translation>Rack %1: %2 gelesen, %3 leer, %4 unlesbar, %5 doppelt</translation>
    </message>
    <message>
        <source>No barcode could be read in %1. Photograph the label straight on, in focus, or give --rack ROWSxCOLS for a rack image.</source>
        <translation>In %1 konnte kein Barcode gelesen werden. Das Etikett gerade und scharf fotografieren oder für ein Rackbild --rack ZEILENxSPALTEN angeben.</translation>
    </message>
    <message>
        <source>%1 tube(s) in the rack were not recorded; each well above says why.</source>
        <translation>%1 Röhrchen im Rack wurden nicht erfasst; jede Position oben nennt den Grund.</translation>
    </message>
    <message>
        <source>%1 tube(s) received in one transaction.</source>
        <translation>%1 Röhrchen in einer Transaktion eingegangen.</translation>
    </message>
    <message>
        <source>Say where the rack goes with --location, for example --location &quot;Freezer 2 / Rack 5&quot;.</source>
        <translation>Mit --location angeben, wohin das Rack kommt, zum Beispiel --location &quot;Gefrierschrank 2 / Rack 5&quot;.</translation>
    </message>
    <message>
        <source>%1 tube(s) stored in one transaction.</source>
        <translation>%1 Röhrchen in einer Transaktion eingelagert.</translation>
    </message>
    <message>
        <source>demo-rack-image only works on the demo station: a made-up picture of real tubes has no place in a laboratory&apos;s records.</source>
        <translation>demo-rack-image funktioniert nur auf der Demostation: Ein erfundenes Bild echter Röhrchen hat in den Aufzeichnungen eines Labors nichts verloren.</translation>
    </message>
    <message>
        <source>Say where to write the image with --out FILE.png.</source>
        <translation>Mit --out DATEI.png angeben, wohin das Bild geschrieben wird.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check the folder exists and is writable, and that the name ends in .png.</source>
        <translation>%1 konnte nicht geschrieben werden. Prüfen, ob der Ordner existiert und beschreibbar ist und der Name auf .png endet.</translation>
    </message>
    <message>
        <source>Wrote %1: a rack of demo tubes waiting for receipt. Try: benchside-cli rack-receive %1 --rack %2</source>
        <translation>%1 geschrieben: ein Rack mit Demoröhrchen, die auf den Eingang warten. Zum Ausprobieren: benchside-cli rack-receive %1 --rack %2</translation>
    </message>
    <message>
        <source>decode IMAGE [--rack ROWSxCOLS]</source>
        <translation>decode BILD [--rack ZEILENxSPALTEN]</translation>
    </message>
    <message>
        <source>Read the barcodes in an image, or a rack well by well</source>
        <translation>Die Barcodes in einem Bild lesen, oder ein Rack Position für Position</translation>
    </message>
    <message>
        <source>rack-receive IMAGE --rack ROWSxCOLS</source>
        <translation>rack-receive BILD --rack ZEILENxSPALTEN</translation>
    </message>
    <message>
        <source>Receive every known tube of a rack image in one transaction</source>
        <translation>Eingang aller bekannten Röhrchen eines Rackbilds in einer Transaktion buchen</translation>
    </message>
    <message>
        <source>rack-store IMAGE --rack ROWSxCOLS --location PATH</source>
        <translation>rack-store BILD --rack ZEILENxSPALTEN --location PFAD</translation>
    </message>
    <message>
        <source>Store a rack&apos;s tubes at PATH / WELL in one transaction</source>
        <translation>Die Röhrchen eines Racks in einer Transaktion unter PFAD / POSITION einlagern</translation>
    </message>
    <message>
        <source>demo-rack-image --out FILE.png [--rack ROWSxCOLS]</source>
        <translation>demo-rack-image --out DATEI.png [--rack ZEILENxSPALTEN]</translation>
    </message>
    <message>
        <source>Draw a rack of demo tubes waiting for receipt, to try the above</source>
        <translation>Ein Rack mit Demoröhrchen zeichnen, die auf den Eingang warten, um das Obige auszuprobieren</translation>
    </message>
    <message>
        <source>%1 needs a value.</source>
        <translation>%1 braucht einen Wert.</translation>
    </message>
    <message>
        <source>Unknown option %1. Run benchside-cli --help for the options.</source>
        <translation>Unbekannte Option %1. Für die Optionen benchside-cli --help ausführen.</translation>
    </message>
    <message>
        <source>TAMPERING DETECTED: %1</source>
        <translation>MANIPULATION ERKANNT: %1</translation>
    </message>
    <message>
        <source>Journal intact: %1 entries from %2 station(s) verified.</source>
        <translation>Journal intakt: %1 Einträge von %2 Station(en) geprüft.</translation>
    </message>
    <message>
        <source>The live views differ from the journal. Run &quot;benchside-cli rebuild&quot; to rebuild them from the journal.</source>
        <translation>Die Live-Ansichten weichen vom Journal ab. „benchside-cli rebuild“ ausführen, um sie aus dem Journal neu aufzubauen.</translation>
    </message>
    <message>
        <source>The views match the journal.</source>
        <translation>Die Ansichten stimmen mit dem Journal überein.</translation>
    </message>
    <message>
        <source>The views were rebuilt from the journal.</source>
        <translation>Die Ansichten wurden aus dem Journal neu aufgebaut.</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>verify</translation>
    </message>
    <message>
        <source>check every station&apos;s hash chain (exit 3 on tampering)</source>
        <translation>die Hash-Kette jeder Station prüfen (Exit-Code 3 bei Manipulation)</translation>
    </message>
    <message>
        <source>rebuild [--check]</source>
        <translation>rebuild [--check]</translation>
    </message>
    <message>
        <source>rebuild the views from the journal, or compare them with it</source>
        <translation>die Ansichten aus dem Journal neu aufbauen oder mit ihm vergleichen</translation>
    </message>
    <message>
        <source>Cannot write the label to %1: %2</source>
        <translation>Das Etikett kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>an accession number</source>
        <translation>eine Eingangsnummer</translation>
    </message>
    <message>
        <source>label needs --format pdf, png or zpl (or --printer HOST:PORT).</source>
        <translation>label braucht --format pdf, png oder zpl (oder --printer HOST:PORT).</translation>
    </message>
    <message>
        <source>--format must be pdf, png or zpl, not &quot;%1&quot;.</source>
        <translation>--format muss pdf, png oder zpl sein, nicht „%1“.</translation>
    </message>
    <message>
        <source>Give either --out FILE or --printer HOST:PORT, not both.</source>
        <translation>Entweder --out DATEI oder --printer HOST:PORT angeben, nicht beides.</translation>
    </message>
    <message>
        <source>A label printer takes ZPL: use --format zpl with --printer.</source>
        <translation>Ein Etikettendrucker nimmt ZPL: --format zpl mit --printer verwenden.</translation>
    </message>
    <message>
        <source>label needs --out FILE (or --printer HOST:PORT for ZPL).</source>
        <translation>label braucht --out DATEI (oder --printer HOST:PORT für ZPL).</translation>
    </message>
    <message>
        <source>--dpi must be 152, 203, 300 or 600.</source>
        <translation>--dpi muss 152, 203, 300 oder 600 sein.</translation>
    </message>
    <message>
        <source>No specimen %1 is known at this station.</source>
        <translation>An dieser Station ist keine Probe %1 bekannt.</translation>
    </message>
    <message>
        <source>Label %1 sent to the label printer at %2.</source>
        <translation>Etikett %1 an den Etikettendrucker unter %2 gesendet.</translation>
    </message>
    <message>
        <source>Label %1 written to %2 (%3).</source>
        <translation>Etikett %1 nach %2 geschrieben (%3).</translation>
    </message>
    <message>
        <source>label ACCESSION --format pdf|png|zpl --out FILE [--dpi N]
      label ACCESSION --printer HOST:PORT</source>
        <translation>label EINGANGSNR --format pdf|png|zpl --out DATEI [--dpi N]
      label EINGANGSNR --printer HOST:PORT</translation>
    </message>
    <message>
        <source>a tube label (size from the settings)</source>
        <translation>ein Röhrchenetikett (Größe aus den Einstellungen)</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>Level %1</translation>
    </message>
    <message>
        <source>mean %1  SD %2</source>
        <translation>Mittelwert %1  SD %2</translation>
    </message>
    <message>
        <source>established from %1 values</source>
        <translation>ermittelt aus %1 Werten</translation>
    </message>
    <message>
        <source>from the insert</source>
        <translation>aus dem Beipackzettel</translation>
    </message>
    <message>
        <source>establishing: targets from the first %1 values</source>
        <translation>wird ermittelt: Zielwerte aus den ersten %1 Werten</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>verfällt %1</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>%1 run %2: %3</source>
        <translation>%1 Lauf %2: %3</translation>
    </message>
    <message>
        <source>targets of lot %1 level %2 now set from its first %3 values: mean %4, SD %5</source>
        <translation>Zielwerte von Charge %1 Level %2 jetzt aus ihren ersten %3 Werten festgelegt: Mittelwert %4, SD %5</translation>
    </message>
    <message>
        <source>REJECTED: patient results of %1 cannot be released until a corrective action is documented (qc corrective) and an accepted run follows. Review the look-back: qc lookback --test %1.</source>
        <translation>VERWORFEN: Patientenergebnisse von %1 können erst freigegeben werden, wenn eine Korrekturmaßnahme dokumentiert ist (qc corrective) und ein angenommener Lauf folgt. Die Rückverfolgung prüfen: qc lookback --test %1.</translation>
    </message>
    <message>
        <source>Name the test with --test CODE.</source>
        <translation>Die Analyse mit --test KÜRZEL nennen.</translation>
    </message>
    <message>
        <source>Name the lot with --lot NUMBER.</source>
        <translation>Die Charge mit --lot NUMMER nennen.</translation>
    </message>
    <message>
        <source>--level needs the control level, a whole number such as 1 or 2.</source>
        <translation>--level braucht das Kontroll-Level, eine ganze Zahl wie 1 oder 2.</translation>
    </message>
    <message>
        <source>&quot;lot add&quot;</source>
        <translation>„lot add“</translation>
    </message>
    <message>
        <source>Give both --mean and --sd (from the insert), or neither to establish the targets from the lab&apos;s first %1 values.</source>
        <translation>--mean und --sd beide angeben (aus dem Beipackzettel) oder keinen von beiden, um die Zielwerte aus den ersten %1 Werten des Labors zu ermitteln.</translation>
    </message>
    <message>
        <source>--mean and --sd need numbers such as 5.4 (with a decimal point).</source>
        <translation>--mean und --sd brauchen Zahlen wie 5.4 (mit Dezimalpunkt).</translation>
    </message>
    <message>
        <source>The lot was recorded but cannot be read back.</source>
        <translation>Die Charge wurde erfasst, kann aber nicht zurückgelesen werden.</translation>
    </message>
    <message>
        <source>No control lots are defined.</source>
        <translation>Es sind keine Kontrollchargen definiert.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a test in the catalogue.</source>
        <translation>„%1“ ist keine Analyse aus dem Katalog.</translation>
    </message>
    <message>
        <source>%1: the default rules: %2 for two levels, %3 for three.</source>
        <translation>%1: die Standardregeln: %2 für zwei Level, %3 für drei.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>an analyzer name</source>
        <translation>einen Gerätenamen</translation>
    </message>
    <message>
        <source>No column mapping is saved for analyzer %1; define one with qc analyzer %1 --columns test=…,lot=…,level=…,value=…,time=…[,run=…].</source>
        <translation>Für das Analysegerät %1 ist keine Spaltenzuordnung gespeichert; eine mit qc analyzer %1 --columns test=…,lot=…,level=…,value=…,time=…[,run=…] festlegen.</translation>
    </message>
    <message>
        <source>time format %1</source>
        <translation>Zeitformat %1</translation>
    </message>
    <message>
        <source>the CSV file to import</source>
        <translation>die zu importierende CSV-Datei</translation>
    </message>
    <message>
        <source>Name the analyzer whose export this is with --analyzer NAME.</source>
        <translation>Das Analysegerät, von dem dieser Export stammt, mit --analyzer NAME nennen.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No column mapping is saved for analyzer %1; give one with --columns test=…,lot=…,level=…,value=…,time=…[,run=…] (it is saved for next time).</source>
        <translation>Für das Analysegerät %1 ist keine Spaltenzuordnung gespeichert; eine mit --columns test=…,lot=…,level=…,value=…,time=…[,run=…] angeben (sie wird für das nächste Mal gespeichert).</translation>
    </message>
    <message>
        <source>%1 line %2: %3</source>
        <translation>%1 Zeile %2: %3</translation>
    </message>
    <message>
        <source>%1: %2 rows imported in %3 runs, %4 rejected.</source>
        <translation>%1: %2 Zeilen in %3 Läufen importiert, %4 verworfen.</translation>
    </message>
    <message>
        <source>the control value</source>
        <translation>den Kontrollwert</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number; write control values with a decimal point, such as 5.4.</source>
        <translation>„%1“ ist keine Zahl; Kontrollwerte mit Dezimalpunkt schreiben, etwa 5.4.</translation>
    </message>
    <message>
        <source>--from needs a date (2026-11-21) or a date and time.</source>
        <translation>--from braucht ein Datum (2026-11-21) oder ein Datum mit Uhrzeit.</translation>
    </message>
    <message>
        <source>--to needs a date (2026-11-21) or a date and time.</source>
        <translation>--to braucht ein Datum (2026-11-21) oder ein Datum mit Uhrzeit.</translation>
    </message>
    <message>
        <source>--from is after --to.</source>
        <translation>--from liegt nach --to.</translation>
    </message>
    <message>
        <source>No lot %1 is defined for %2.</source>
        <translation>Für %2 ist keine Charge %1 definiert.</translation>
    </message>
    <message>
        <source>%1 lot %2</source>
        <translation>%1 Charge %2</translation>
    </message>
    <message>
        <source>No values recorded in this period.</source>
        <translation>In diesem Zeitraum wurden keine Werte erfasst.</translation>
    </message>
    <message>
        <source>Name the PNG file to write with --out FILE.png.</source>
        <translation>Die zu schreibende PNG-Datei mit --out DATEI.png nennen.</translation>
    </message>
    <message>
        <source>No values of %1 lot %2 are recorded yet.</source>
        <translation>Von %1 Charge %2 sind noch keine Werte erfasst.</translation>
    </message>
    <message>
        <source>No values of %1 lot %2 were measured in that period.</source>
        <translation>Von %1 Charge %2 wurden in diesem Zeitraum keine Werte gemessen.</translation>
    </message>
    <message>
        <source>Lot %1 of %2 is still establishing its targets: there are no SD lines yet. Draw one level in its units with --level N.</source>
        <translation>Charge %1 von %2 ermittelt noch ihre Zielwerte: Es gibt noch keine SD-Linien. Ein Level in seiner Einheit mit --level N darstellen.</translation>
    </message>
    <message>
        <source>%1: %2 points of %3 lot %4 (%5 rejected, %6 warnings)</source>
        <translation>%1: %2 Punkte von %3 Charge %4 (%5 verworfen, %6 Warnungen)</translation>
    </message>
    <message>
        <source>LOCKED      %1</source>
        <translation>GESPERRT    %1</translation>
    </message>
    <message>
        <source>OVERRIDDEN  %1 on %2: rejected run %3, released by %4: %5</source>
        <translation>AUFGEHOBEN  %1 an %2: verworfener Lauf %3, freigegeben von %4: %5</translation>
    </message>
    <message>
        <source>No test is locked out by QC.</source>
        <translation>Keine Analyse ist durch die QK gesperrt.</translation>
    </message>
    <message>
        <source>%1 on %2: corrective action documented; an accepted QC run now releases the lockout.</source>
        <translation>%1 an %2: Korrekturmaßnahme dokumentiert; ein angenommener QK-Lauf hebt die Sperre jetzt auf.</translation>
    </message>
    <message>
        <source>QC for %1 on %2 has never been rejected: there is no look-back.</source>
        <translation>Die QK für %1 an %2 wurde nie verworfen: Es gibt keine Rückverfolgung.</translation>
    </message>
    <message>
        <source>Run %1 did not lock %2.</source>
        <translation>Lauf %1 hat %2 nicht gesperrt.</translation>
    </message>
    <message>
        <source>%1 on %2, rejected run %3 (%4): results released since %5</source>
        <translation>%1 an %2, verworfener Lauf %3 (%4): seit %5 freigegebene Ergebnisse</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>TO REVIEW</source>
        <translation>ZU PRÜFEN</translation>
    </message>
    <message>
        <source>%1 results, %2 to review.</source>
        <translation>%1 Ergebnisse, %2 zu prüfen.</translation>
    </message>
    <message>
        <source>an order id</source>
        <translation>eine Auftragsnummer</translation>
    </message>
    <message>
        <source>No test order %1 is known at this station.</source>
        <translation>An dieser Station ist kein Auftrag %1 bekannt.</translation>
    </message>
    <message>
        <source>%1: look-back review recorded (%2).</source>
        <translation>%1: Prüfung der Rückverfolgung erfasst (%2).</translation>
    </message>
    <message>
        <source>%1 on %2: lockout overridden by %3; results can be released until the next rejected run.</source>
        <translation>%1 an %2: Sperre von %3 aufgehoben; Ergebnisse können bis zum nächsten verworfenen Lauf freigegeben werden.</translation>
    </message>
    <message>
        <source>qc needs a subcommand; run benchside-cli --help for the list.</source>
        <translation>qc braucht einen Unterbefehl; für die Liste benchside-cli --help ausführen.</translation>
    </message>
    <message>
        <source>Unknown qc subcommand &quot;%1&quot;. Run benchside-cli --help for the list.</source>
        <translation>Unbekannter qc-Unterbefehl „%1“. Für die Liste benchside-cli --help ausführen.</translation>
    </message>
    <message>
        <source>quality control: lots, runs, CSV import, Westgard evaluation, lockout</source>
        <translation>Qualitätskontrolle: Chargen, Läufe, CSV-Import, Westgard-Bewertung, Sperre</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>flag: %1 (%2)</source>
        <translation>Kennzeichen: %1 (%2)</translation>
    </message>
    <message>
        <source>EXCEEDED</source>
        <translation>ÜBERSCHRITTEN</translation>
    </message>
    <message>
        <source>within limit</source>
        <translation>innerhalb der Grenze</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>delta check: %1 (%2)</source>
        <translation>Deltacheck: %1 (%2)</translation>
    </message>
    <message>
        <source>CRITICAL: document the notification (notify-result) before it can be verified.</source>
        <translation>KRITISCH: vor der Freigabe die Benachrichtigung dokumentieren (notify-result).</translation>
    </message>
    <message>
        <source>a bench code</source>
        <translation>ein Arbeitsplatzkürzel</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a worklist order; use one of: %2 (a leading - reverses it).</source>
        <translation>„%1“ ist keine Sortierung der Arbeitsliste; eine davon verwenden: %2 (ein vorangestelltes - kehrt sie um).</translation>
    </message>
    <message>
        <source>--limit needs a positive number of rows.</source>
        <translation>--limit braucht eine positive Zeilenzahl.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a bench in the catalogue.</source>
        <translation>„%1“ ist kein Arbeitsplatz aus dem Katalog.</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>ÜBERFÄLLIG</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>bald fällig</translation>
    </message>
    <message>
        <source>No work on %1.</source>
        <translation>Keine Arbeit an %1.</translation>
    </message>
    <message>
        <source>an order id and a value</source>
        <translation>eine Auftragsnummer und einen Wert</translation>
    </message>
    <message>
        <source>an order id and the corrected value</source>
        <translation>eine Auftragsnummer und den korrigierten Wert</translation>
    </message>
    <message>
        <source>amended; it needs verification again.</source>
        <translation>korrigiert; es muss erneut freigegeben werden.</translation>
    </message>
    <message>
        <source>--at needs a date and time such as 2026-11-21T08:30.</source>
        <translation>--at braucht ein Datum mit Uhrzeit wie 2026-11-21T08:30.</translation>
    </message>
    <message>
        <source>%1: notification to %2 documented (read-back confirmed).</source>
        <translation>%1: Benachrichtigung an %2 dokumentiert (Rücklesen bestätigt).</translation>
    </message>
    <message>
        <source>%1: %2 verified and released by %3.</source>
        <translation>%1: %2 von %3 validiert und freigegeben.</translation>
    </message>
    <message>
        <source>Turnaround time, received to verified, %1 to %2 (minutes)</source>
        <translation>Bearbeitungszeit, Eingang bis Freigabe, %1 bis %2 (Minuten)</translation>
    </message>
    <message>
        <source>bench</source>
        <translation>Arbeitsplatz</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>P90</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max.</translation>
    </message>
    <message>
        <source>No results were verified in this period.</source>
        <translation>In diesem Zeitraum wurden keine Ergebnisse freigegeben.</translation>
    </message>
    <message>
        <source>Longest-waiting open orders:</source>
        <translation>Am längsten wartende offene Aufträge:</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>worklist BENCH [--status open|pending|entered|amended|verified]
         [--priority P] [--test CODE] [--limit N]
         [--sort priority|received|due|accession|test, -X reverses]</source>
        <translation>worklist ARBEITSPLATZ [--status open|pending|entered|amended|verified]
         [--priority P] [--test KÜRZEL] [--limit N]
         [--sort priority|received|due|accession|test, -X kehrt um]</translation>
    </message>
    <message>
        <source>a bench&apos;s work: STAT first, then oldest received (or --sort)</source>
        <translation>die Arbeit eines Arbeitsplatzes: STAT zuerst, dann nach ältestem Eingang (oder --sort)</translation>
    </message>
    <message>
        <source>enter a result; prints its flag and delta check</source>
        <translation>ein Ergebnis eingeben; gibt sein Kennzeichen und den Deltacheck aus</translation>
    </message>
    <message>
        <source>notify-result ORDER_ID --to NAME --read-back [--at DATETIME]</source>
        <translation>notify-result AUFTRAG --to NAME --read-back [--at DATUMZEIT]</translation>
    </message>
    <message>
        <source>document who was told a critical result</source>
        <translation>dokumentieren, wem ein kritischer Wert mitgeteilt wurde</translation>
    </message>
    <message>
        <source>verify-result ORDER_ID</source>
        <translation>verify-result AUFTRAG</translation>
    </message>
    <message>
        <source>verify and release a result (--as the verifier)</source>
        <translation>ein Ergebnis validieren und freigeben (--as der Validierende)</translation>
    </message>
    <message>
        <source>correct a released result; the old value stays in its history</source>
        <translation>ein freigegebenes Ergebnis korrigieren; der alte Wert bleibt in seinem Verlauf</translation>
    </message>
    <message>
        <source>result-history ORDER_ID</source>
        <translation>result-history AUFTRAG</translation>
    </message>
    <message>
        <source>every value, notification and verification of a result</source>
        <translation>jeder Wert, jede Benachrichtigung und Freigabe eines Ergebnisses</translation>
    </message>
    <message>
        <source>tat [--bench B] [--from DATE] [--to DATE]</source>
        <translation>tat [--bench A] [--from DATUM] [--to DATUM]</translation>
    </message>
    <message>
        <source>turnaround times (received to verified) and the slowest open orders</source>
        <translation>Bearbeitungszeiten (Eingang bis Freigabe) und die langsamsten offenen Aufträge</translation>
    </message>
    <message>
        <source>Cannot read the catalogue %1: %2</source>
        <translation>Der Katalog %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Station %1 (site %2) set up in %3</source>
        <translation>Station %1 (Standort %2) eingerichtet in %3</translation>
    </message>
    <message>
        <source>--specimens needs a number of specimens, such as 500.</source>
        <translation>--specimens braucht eine Probenanzahl, etwa 500.</translation>
    </message>
    <message>
        <source>--seed needs a whole number.</source>
        <translation>--seed braucht eine ganze Zahl.</translation>
    </message>
    <message>
        <source>Demo data: %1 specimens (%2 not yet received), %3 QC runs, %4 journal events</source>
        <translation>Demodaten: %1 Proben (%2 noch nicht eingegangen), %3 QK-Läufe, %4 Journalereignisse</translation>
    </message>
    <message>
        <source>Specimen types</source>
        <translation>Probenarten</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Gefäße</translation>
    </message>
    <message>
        <source>Benches and tests</source>
        <translation>Arbeitsplätze und Analysen</translation>
    </message>
    <message>
        <source>Storage locations</source>
        <translation>Lagerorte</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>init [--station ID] [--site SITE] [--location PATH] [--catalog FILE]</source>
        <translation>init [--station ID] [--site STANDORT] [--location PFAD] [--catalog DATEI]</translation>
    </message>
    <message>
        <source>set up a new station database</source>
        <translation>eine neue Stationsdatenbank einrichten</translation>
    </message>
    <message>
        <source>seed-demo [--specimens N] [--seed S]</source>
        <translation>seed-demo [--specimens N] [--seed S]</translation>
    </message>
    <message>
        <source>fill a new database with the demo catalogue and specimens</source>
        <translation>eine neue Datenbank mit dem Demokatalog und Proben füllen</translation>
    </message>
    <message>
        <source>specimen types, containers, benches, tests, locations, users</source>
        <translation>Probenarten, Gefäße, Arbeitsplätze, Analysen, Orte, Benutzer</translation>
    </message>
    <message>
        <source>Location: %1</source>
        <translation>Ort: %1</translation>
    </message>
    <message>
        <source>Aliquot of %1</source>
        <translation>Aliquot von %1</translation>
    </message>
    <message>
        <source>Aliquots: %1</source>
        <translation>Aliquots: %1</translation>
    </message>
    <message>
        <source>--action must be receive or lookup.</source>
        <translation>--action muss receive oder lookup sein.</translation>
    </message>
    <message>
        <source>accession needs --type (a specimen type from &quot;catalog&quot;).</source>
        <translation>accession braucht --type (eine Probenart aus „catalog“).</translation>
    </message>
    <message>
        <source>--collected needs a date and time such as 2026-11-21T08:30.</source>
        <translation>--collected braucht ein Datum mit Uhrzeit wie 2026-11-21T08:30.</translation>
    </message>
    <message>
        <source>the scanned code</source>
        <translation>den gescannten Code</translation>
    </message>
    <message>
        <source>a keystroke capture file</source>
        <translation>eine Datei mit aufgezeichneten Tastenanschlägen</translation>
    </message>
    <message>
        <source>--kind must be one of: %1.</source>
        <translation>--kind muss eines davon sein: %1.</translation>
    </message>
    <message>
        <source>--count needs the number of aliquots.</source>
        <translation>--count braucht die Anzahl der Aliquots.</translation>
    </message>
    <message>
        <source>%1: %2 recorded</source>
        <translation>%1: %2 erfasst</translation>
    </message>
    <message>
        <source>aliquot %1</source>
        <translation>Aliquot %1</translation>
    </message>
    <message>
        <source>%1 is %2 — %3 (since %4)</source>
        <translation>%1 ist %2 — %3 (seit %4)</translation>
    </message>
    <message>
        <source>no location recorded</source>
        <translation>kein Ort erfasst</translation>
    </message>
    <message>
        <source>accession --type TYPE --tests CODE,CODE [--priority routine|asap|stat] [--barcode CODE]
          [--patient MRN [--name NAME --dob YYYY-MM-DD --sex F|M|U]] [--collector NAME]
          [--collected DATETIME] [--container CODE] [--location PATH]</source>
        <translation>accession --type TYP --tests KÜRZEL,KÜRZEL [--priority routine|asap|stat] [--barcode CODE]
          [--patient PID [--name NAME --dob JJJJ-MM-TT --sex F|M|U]] [--collector NAME]
          [--collected DATUMZEIT] [--container KÜRZEL] [--location PFAD]</translation>
    </message>
    <message>
        <source>scan CODE [--action receive|lookup]</source>
        <translation>scan CODE [--action receive|lookup]</translation>
    </message>
    <message>
        <source>replay FILE [--action receive|lookup] [--fast]</source>
        <translation>replay DATEI [--action receive|lookup] [--fast]</translation>
    </message>
    <message>
        <source>replay a keystroke capture through the scanner detector</source>
        <translation>eine Tastenaufzeichnung durch die Scanner-Erkennung abspielen</translation>
    </message>
    <message>
        <source>event ACCESSION --kind KIND [--location PATH] [--reason TEXT] [--reason-code CODE]
                [--count N (aliquoted)] [--status S (corrected)]</source>
        <translation>event EINGANGSNR --kind ART [--location PFAD] [--reason TEXT] [--reason-code KÜRZEL]
                [--count N (aliquoted)] [--status S (corrected)]</translation>
    </message>
    <message>
        <source>custody ACCESSION</source>
        <translation>custody EINGANGSNR</translation>
    </message>
    <message>
        <source>the chain of custody, newest first</source>
        <translation>die Verwahrkette, neueste zuerst</translation>
    </message>
    <message>
        <source>where ACCESSION</source>
        <translation>where EINGANGSNR</translation>
    </message>
    <message>
        <source>current location and status</source>
        <translation>aktueller Ort und Status</translation>
    </message>
    <message>
        <source>%1 needs --url postgresql://USER:PASSWORD@HOST:PORT/DATABASE.</source>
        <translation>%1 braucht --url postgresql://USER:PASSWORD@HOST:PORT/DATABASE.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>The sync server %1 is at schema version %2.</source>
        <translation>Der Sync-Server %1 hat die Schemaversion %2.</translation>
    </message>
    <message>
        <source>server add-station needs the station&apos;s id, as it was set up (init --station).</source>
        <translation>server add-station braucht die ID der Station, wie sie eingerichtet wurde (init --station).</translation>
    </message>
    <message>
        <source>Station %1 may now sync as role %2. Its sync URL, with its password, is shown only this once:</source>
        <translation>Station %1 darf jetzt als Rolle %2 synchronisieren. Ihre Sync-URL mit Passwort wird nur dieses eine Mal angezeigt:</translation>
    </message>
    <message>
        <source>On the station: benchside-cli sync --url &apos;&lt;that URL&gt;&apos; --remember</source>
        <translation>Auf der Station: benchside-cli sync --url &apos;&lt;diese URL&gt;&apos; --remember</translation>
    </message>
    <message>
        <source>%1 events on %2</source>
        <translation>%1 Ereignisse am %2</translation>
    </message>
    <message>
        <source>STATION</source>
        <translation>STATION</translation>
    </message>
    <message>
        <source>SITE</source>
        <translation>STANDORT</translation>
    </message>
    <message>
        <source>EVENTS</source>
        <translation>EREIGN.</translation>
    </message>
    <message>
        <source>LAST PUSH</source>
        <translation>LETZTES SENDEN</translation>
    </message>
    <message>
        <source>LAST PULL</source>
        <translation>LETZTER ABRUF</translation>
    </message>
    <message>
        <source>LAG</source>
        <translation>RÜCKST.</translation>
    </message>
    <message>
        <source>server needs init, add-station ID or status, and --url.</source>
        <translation>server braucht init, add-station ID oder status, und --url.</translation>
    </message>
    <message>
        <source>%1 event(s) waiting to be pushed; last successful sync: %2.</source>
        <translation>%1 Ereignis(se) warten auf das Senden; letzte erfolgreiche Synchronisation: %2.</translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation>Letztes Problem: %1</translation>
    </message>
    <message>
        <source>Set aside: event #%1 (%2), refused %3 times: %4</source>
        <translation>Zurückgestellt: Ereignis #%1 (%2), %3-mal zurückgewiesen: %4</translation>
    </message>
    <message>
        <source>Pushed %1, pulled %2; cursor %3; %4 waiting.</source>
        <translation>Gesendet %1, abgerufen %2; Cursor %3; %4 wartend.</translation>
    </message>
    <message>
        <source>%1 conflict(s) between stations flagged for review: benchside-cli review</source>
        <translation>%1 Konflikt(e) zwischen Stationen zur Prüfung markiert: benchside-cli review</translation>
    </message>
    <message>
        <source>Review of %1 recorded.</source>
        <translation>Prüfung von %1 erfasst.</translation>
    </message>
    <message>
        <source>Nothing is waiting for review.</source>
        <translation>Nichts wartet auf eine Prüfung.</translation>
    </message>
    <message>
        <source>  [decided by %1: %2]</source>
        <translation>  [entschieden von %1: %2]</translation>
    </message>
    <message>
        <source>server init|add-station ID [--site SITE]|status --url URL</source>
        <translation>server init|add-station ID [--site STANDORT]|status --url URL</translation>
    </message>
    <message>
        <source>set up the sync server, register a station, or show the stations</source>
        <translation>den Sync-Server einrichten, eine Station registrieren oder die Stationen anzeigen</translation>
    </message>
    <message>
        <source>sync [--url URL] [--remember] [--retry]</source>
        <translation>sync [--url URL] [--remember] [--retry]</translation>
    </message>
    <message>
        <source>push this station&apos;s events and pull the site&apos;s; sync status</source>
        <translation>die Ereignisse dieser Station senden und die des Standorts abrufen; Sync-Status</translation>
    </message>
    <message>
        <source>a catalogue file</source>
        <translation>eine Katalogdatei</translation>
    </message>
    <message>
        <source>%1 catalogue entries recorded.</source>
        <translation>%1 Katalogeinträge erfasst.</translation>
    </message>
    <message>
        <source>Cannot read %1 from standard input.</source>
        <translation>%1 kann nicht von der Standardeingabe gelesen werden.</translation>
    </message>
    <message>
        <source>Give the %1 on standard input, e.g. printf &apos;%s\n&apos; &quot;$SECRET&quot; | benchside-cli …</source>
        <translation>%1 auf der Standardeingabe übergeben, z. B. printf &apos;%s
&apos; &quot;$SECRET&quot; | benchside-cli …</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>cannot sign in yet</source>
        <translation>kann sich noch nicht anmelden</translation>
    </message>
    <message>
        <source>a user name</source>
        <translation>einen Benutzernamen</translation>
    </message>
    <message>
        <source>%1 (%2) defined.</source>
        <translation>%1 (%2) angelegt.</translation>
    </message>
    <message>
        <source>PIN of %1 set.</source>
        <translation>PIN von %1 festgelegt.</translation>
    </message>
    <message>
        <source>Password of %1 set.</source>
        <translation>Passwort von %1 festgelegt.</translation>
    </message>
    <message>
        <source>a user name and the badge&apos;s code</source>
        <translation>einen Benutzernamen und den Code des Ausweises</translation>
    </message>
    <message>
        <source>Badge of %1 set.</source>
        <translation>Ausweis von %1 festgelegt.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user command: use list, add, password, pin or badge.</source>
        <translation>„%1“ ist kein Benutzerbefehl: list, add, password, pin oder badge verwenden.</translation>
    </message>
    <message>
        <source>user [list] | user add NAME --role ROLE --name &quot;DISPLAY NAME&quot;
    user password NAME | user pin NAME   (the secret on standard input)
    user badge NAME CODE</source>
        <translation>user [list] | user add NAME --role ROLLE --name &quot;ANZEIGENAME&quot;
    user password NAME | user pin NAME   (das Geheimnis auf der Standardeingabe)
    user badge NAME CODE</translation>
    </message>
    <message>
        <source>the people who sign in: roles, passwords, PINs and badges</source>
        <translation>die Personen, die sich anmelden: Rollen, Passwörter, PINs und Ausweise</translation>
    </message>
    <message>
        <source>range: %1</source>
        <translation>Bereich: %1</translation>
    </message>
    <message>
        <source>beyond the plausible limits, confirmed: %1</source>
        <translation>außerhalb der Plausibilitätsgrenzen, bestätigt: %1</translation>
    </message>
    <message>
        <source>what to list (unjudged)</source>
        <translation>was aufgelistet werden soll (unjudged)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a results listing; use: results unjudged.</source>
        <translation>„%1“ ist keine Ergebnisliste; verwenden Sie: results unjudged.</translation>
    </message>
    <message>
        <source>No released result is critical by today&apos;s ranges without a documented call.</source>
        <translation>Kein freigegebenes Ergebnis ist nach den heutigen Bereichen kritisch, ohne dass ein Anruf dokumentiert ist.</translation>
    </message>
    <message>
        <source>Released without a flag, critical by today&apos;s ranges, no call documented (notify-result):</source>
        <translation>Ohne Kennzeichen freigegeben, nach den heutigen Bereichen kritisch, kein Anruf dokumentiert (notify-result):</translation>
    </message>
    <message>
        <source>released %1</source>
        <translation>freigegeben %1</translation>
    </message>
    <message>
        <source>result ORDER_ID VALUE [--unit U] [--confirm-implausible REASON]</source>
        <translation>result AUFTRAG WERT [--unit E] [--confirm-implausible BEGRÜNDUNG]</translation>
    </message>
    <message>
        <source>amend-result ORDER_ID VALUE --reason TEXT [--unit U]
             [--confirm-implausible REASON]</source>
        <translation>amend-result AUFTRAG WERT --reason TEXT [--unit E]
             [--confirm-implausible BEGRÜNDUNG]</translation>
    </message>
    <message>
        <source>results unjudged</source>
        <translation>results unjudged</translation>
    </message>
    <message>
        <source>released results recorded without a flag that are critical by today&apos;s ranges</source>
        <translation>ohne Kennzeichen freigegebene Ergebnisse, die nach den heutigen Bereichen kritisch sind</translation>
    </message>
    <message>
        <source>--strict: the catalogue is refused for its warnings (%1 in all); nothing was recorded. Correct the file, or import it without --strict.</source>
        <translation>--strict: der Katalog wird wegen seiner Warnungen abgelehnt (%1 insgesamt); nichts wurde erfasst. Die Datei korrigieren oder ohne --strict importieren.</translation>
    </message>
    <message>
        <source>catalog | catalog import FILE [--strict]</source>
        <translation>catalog | catalog import DATEI [--strict]</translation>
    </message>
    <message>
        <source>an HL7 message file</source>
        <translation>eine HL7-Nachrichtendatei</translation>
    </message>
    <message>
        <source>%1 starts an MLLP frame but holds no complete message (0x1C 0x0D missing, or over 1 MiB).</source>
        <translation>%1 beginnt einen MLLP-Rahmen, enthält aber keine vollständige Nachricht (0x1C 0x0D fehlt, oder über 1 MiB).</translation>
    </message>
    <message>
        <source>TLS needs both --tls-cert and --tls-key (and --tls-ca only with them).</source>
        <translation>TLS braucht --tls-cert und --tls-key (und --tls-ca nur zusammen mit ihnen).</translation>
    </message>
    <message>
        <source>--idle-timeout takes whole seconds, more than 0.</source>
        <translation>--idle-timeout nimmt ganze Sekunden, mehr als 0.</translation>
    </message>
    <message>
        <source>%1 takes seconds, more than 0.</source>
        <translation>%1 nimmt Sekunden, mehr als 0.</translation>
    </message>
    <message>
        <source>a destination name</source>
        <translation>einen Zielnamen</translation>
    </message>
    <message>
        <source>destination add needs --to HOST:PORT (e.g. his.example.org:2576).</source>
        <translation>destination add braucht --to HOST:PORT (z. B. his.example.org:2576).</translation>
    </message>
    <message>
        <source>Results go to %1 at %2:%3 (%4) from now on.</source>
        <translation>Ergebnisse gehen ab jetzt an %1 unter %2:%3 (%4).</translation>
    </message>
    <message>
        <source>Use: hl7 destination add NAME --to HOST:PORT [--events LIST], or hl7 destination list.</source>
        <translation>Verwendung: hl7 destination add NAME --to HOST:PORT [--events LISTE] oder hl7 destination list.</translation>
    </message>
    <message>
        <source>--state takes pending, delivered, dead or discarded.</source>
        <translation>--state nimmt pending, delivered, dead oder discarded.</translation>
    </message>
    <message>
        <source>an outbound message ID (hl7 outbox)</source>
        <translation>eine ID einer ausgehenden Nachricht (hl7 outbox)</translation>
    </message>
    <message>
        <source>%1 is queued again with its control ID.</source>
        <translation>%1 ist mit seiner Kontroll-ID erneut eingereiht.</translation>
    </message>
    <message>
        <source>%1 is discarded and will not be sent.</source>
        <translation>%1 ist verworfen und wird nicht gesendet.</translation>
    </message>
    <message>
        <source>what to do (parse, serve, inbox)</source>
        <translation>was zu tun ist (parse, serve, inbox)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an hl7 command; use parse, serve, inbox, destination, outbox, resend or discard.</source>
        <translation>„%1“ ist kein hl7-Befehl; parse, serve, inbox, destination, outbox, resend oder discard verwenden.</translation>
    </message>
    <message>
        <source>a placer order number</source>
        <translation>eine Auftragsnummer des Einsenders</translation>
    </message>
    <message>
        <source>No order %1 has come in here.</source>
        <translation>Hier ist kein Auftrag %1 eingegangen.</translation>
    </message>
    <message>
        <source>Order %1 names tube %2, which is not recorded.</source>
        <translation>Auftrag %1 nennt Röhrchen %2, das nicht erfasst ist.</translation>
    </message>
    <message>
        <source>Order %1 (%2): %3, %4</source>
        <translation>Auftrag %1 (%2): %3, %4</translation>
    </message>
    <message>
        <source>HL7 v2: read a message as Benchside does; take orders and send results over MLLP until stopped; the inbound messages; where results go and what became of them</source>
        <translation>HL7 v2: eine Nachricht lesen, wie Benchside es tut; Aufträge annehmen und Ergebnisse senden über MLLP bis zum Stopp; die eingegangenen Nachrichten; wohin Ergebnisse gehen und was aus ihnen wurde</translation>
    </message>
    <message>
        <source>order PLACER_ORDER_NUMBER</source>
        <translation>order AUFTRAGSNUMMER</translation>
    </message>
    <message>
        <source>what a hospital order number became here: tubes, tests, status</source>
        <translation>was aus einer Auftragsnummer der Klinik hier wurde: Röhrchen, Untersuchungen, Status</translation>
    </message>
    <message>
        <source>hl7 parse FILE | hl7 serve [--listen ADDR:PORT] [--allow ADDR[/BITS],…]
      [--tls-cert F --tls-key F [--tls-ca F]] [--idle-timeout S] [--sync-url URL]
      | hl7 inbox [--limit N]
      | hl7 destination add NAME --to HOST:PORT [--events released,amended,cancelled]
      | hl7 destination list | hl7 outbox [--state pending|delivered|dead|discarded]
      | hl7 resend ID | hl7 discard ID --reason TEXT</source>
        <translation>hl7 parse FILE | hl7 serve [--listen ADDR:PORT] [--allow ADDR[/BITS],…]
      [--tls-cert F --tls-key F [--tls-ca F]] [--idle-timeout S] [--sync-url URL]
      | hl7 inbox [--limit N]
      | hl7 destination add NAME --to HOST:PORT [--events released,amended,cancelled]
      | hl7 destination list | hl7 outbox [--state pending|delivered|dead|discarded]
      | hl7 resend ID | hl7 discard ID --reason TEXT</translation>
    </message>
    <message>
        <source>Say where the analyzer is with one of --serial DEVICE, --tcp HOST:PORT (we connect) or --listen ADDR:PORT (it connects).</source>
        <translation>Angeben, wo das Analysegerät ist, mit einem von --serial GERÄT, --tcp HOST:PORT (wir verbinden) oder --listen ADRESSE:PORT (es verbindet sich).</translation>
    </message>
    <message>
        <source>--tcp needs HOST:PORT, e.g. 10.20.1.15:5000.</source>
        <translation>--tcp braucht HOST:PORT, z. B. 10.20.1.15:5000.</translation>
    </message>
    <message>
        <source>--listen needs ADDR:PORT, e.g. 0.0.0.0:5001.</source>
        <translation>--listen braucht ADRESSE:PORT, z. B. 0.0.0.0:5001.</translation>
    </message>
    <message>
        <source>%1 maps %2 analyzer codes now.</source>
        <translation>%1 ordnet jetzt %2 Gerätecodes zu.</translation>
    </message>
    <message>
        <source>--profile is one of %1.</source>
        <translation>--profile ist eines von %1.</translation>
    </message>
    <message>
        <source>%1 is set up: %2, mapped codes: %3.</source>
        <translation>%1 ist eingerichtet: %2, zugeordnete Codes: %3.</translation>
    </message>
    <message>
        <source>No analyzer is set up (analyzer add NAME --tcp HOST:PORT …).</source>
        <translation>Kein Analysegerät ist eingerichtet (analyzer add NAME --tcp HOST:PORT …).</translation>
    </message>
    <message>
        <source>codes: %1</source>
        <translation>Codes: %1</translation>
    </message>
    <message>
        <source>an analyzer name and a capture file</source>
        <translation>einen Gerätenamen und eine Mitschnittdatei</translation>
    </message>
    <message>
        <source>No analyzer %1 is set up here (analyzer list).</source>
        <translation>Hier ist kein Analysegerät %1 eingerichtet (analyzer list).</translation>
    </message>
    <message>
        <source>%1 holds no ASTM message%2</source>
        <translation>%1 enthält keine ASTM-Nachricht%2</translation>
    </message>
    <message>
        <source>%1 holds no ASTM records: %2</source>
        <translation>%1 enthält keine ASTM-Sätze: %2</translation>
    </message>
    <message>
        <source>%1 records, %2 results: %3 entered, %4 unmatched, %5 held, %6 already recorded.</source>
        <translation>%1 Sätze, %2 Ergebnisse: %3 erfasst, %4 nicht zugeordnet, %5 zurückgehalten, %6 bereits erfasst.</translation>
    </message>
    <message>
        <source>Nothing is waiting: every analyzer result found its tube.</source>
        <translation>Nichts wartet: jedes Geräteergebnis hat sein Röhrchen gefunden.</translation>
    </message>
    <message>
        <source>an unmatched result&apos;s ID and a tube&apos;s accession number</source>
        <translation>die ID eines nicht zugeordneten Ergebnisses und die Eingangsnummer eines Röhrchens</translation>
    </message>
    <message>
        <source>an unmatched result&apos;s ID</source>
        <translation>die ID eines nicht zugeordneten Ergebnisses</translation>
    </message>
    <message>
        <source>%1 is entered on %2.</source>
        <translation>%1 ist auf %2 erfasst.</translation>
    </message>
    <message>
        <source>%1 is discarded.</source>
        <translation>%1 ist verworfen.</translation>
    </message>
    <message>
        <source>an analyzer name and a CSV file</source>
        <translation>einen Gerätenamen und eine CSV-Datei</translation>
    </message>
    <message>
        <source>ASTM analyzers: where each is and its test-code map; a captured session taken in as if it had arrived; results that found no tube, to match or discard</source>
        <translation>ASTM-Analysegeräte: wo jedes ist und seine Testcode-Zuordnung; eine mitgeschnittene Sitzung übernehmen, als wäre sie eingegangen; Ergebnisse ohne Röhrchen, zum Zuordnen oder Verwerfen</translation>
    </message>
    <message>
        <source>No analyzer is set up to serve (analyzer add NAME --tcp HOST:PORT …).</source>
        <translation>Es ist kein Analysegerät zum Bedienen eingerichtet (analyzer add NAME --tcp HOST:PORT …).</translation>
    </message>
    <message>
        <source>the name of the analyzer to play</source>
        <translation>den Namen des zu spielenden Analysegeräts</translation>
    </message>
    <message>
        <source>Cannot read the worklist: %1</source>
        <translation>Die Arbeitsliste kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No received tube has a test open that %1 runs; receive one first.</source>
        <translation>Kein eingegangenes Röhrchen hat eine offene Analyse, die %1 misst; zuerst eines annehmen.</translation>
    </message>
    <message>
        <source>Cannot open a pseudo-terminal: %1</source>
        <translation>Ein Pseudo-Terminal kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>%1 is a real device; the simulator plays serial analyzers only on a path that is free or a link it may replace.</source>
        <translation>%1 ist ein echtes Gerät; der Simulator spielt serielle Analysegeräte nur auf einem freien Pfad oder einem Link, den er ersetzen darf.</translation>
    </message>
    <message>
        <source>Cannot make %1 point to the pseudo-terminal %2.</source>
        <translation>%1 kann nicht auf das Pseudo-Terminal %2 zeigen.</translation>
    </message>
    <message>
        <source>Cannot open the pseudo-terminal %1.</source>
        <translation>Das Pseudo-Terminal %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Cannot reach %1:%2 (%3): is `analyzer serve` running?</source>
        <translation>%1:%2 ist nicht erreichbar (%3): läuft `analyzer serve`?</translation>
    </message>
    <message>
        <source>Cannot listen on port %1: %2</source>
        <translation>Auf Port %1 kann nicht gelauscht werden: %2</translation>
    </message>
    <message>
        <source>what to do (add, list, map, serve, import, unmatched, match, discard)</source>
        <translation>was zu tun ist (add, list, map, serve, import, unmatched, match, discard)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an analyzer command; use add, list, map, serve, import, unmatched, match or discard.</source>
        <translation>„%1“ ist kein analyzer-Befehl; add, list, map, serve, import, unmatched, match oder discard verwenden.</translation>
    </message>
    <message>
        <source>analyzer add NAME (--serial DEV [--baud N --data 8 --parity none --stop 1]
      | --tcp HOST:PORT | --listen ADDR:PORT) [--profile P] [--map FILE]
      | analyzer list | analyzer map NAME FILE (CSV: analyzer_code,test,unit,factor)
      | analyzer serve [NAME…] [--transcript-days N]
      | analyzer simulate NAME [--tubes A,B,…] [--count N]
      | analyzer import NAME FILE | analyzer unmatched [--all]
      | analyzer match ID ACCESSION | analyzer discard ID --reason TEXT</source>
        <translation>analyzer add NAME (--serial GERÄT [--baud N --data 8 --parity none --stop 1]
      | --tcp HOST:PORT | --listen ADRESSE:PORT) [--profile P] [--map DATEI]
      | analyzer list | analyzer map NAME DATEI (CSV: analyzer_code,test,unit,factor)
      | analyzer serve [NAME…] [--transcript-days N]
      | analyzer simulate NAME [--tubes A,B,…] [--count N]
      | analyzer import NAME DATEI | analyzer unmatched [--all]
      | analyzer match ID EINGANGSNR | analyzer discard ID --reason TEXT</translation>
    </message>
    <message>
        <source>a specimen ID pattern such as QC-GLU-L1-*</source>
        <translation>ein Probenkennungsmuster wie QC-GLU-L1-*</translation>
    </message>
    <message>
        <source>Analyzer specimens %1 are control %2 level %3 of %4.</source>
        <translation>Analysegeräteproben %1 sind Kontrolle %2 Level %3 von %4.</translation>
    </message>
    <message>
        <source>qc lot add --test T --lot L --level N [--mean M --sd S]
           [--material NAME] [--expires DATE]
qc lot pattern --test T --lot L --level N PATTERN
qc lots [--test T]
qc targets --test T --lot L --level N --mean M --sd S
qc rules --test T [--rules 1-2s,1-3s,2-2s,R-4s,4-1s,10x]
qc analyzer NAME [--columns test=C,lot=C,level=C,value=C,time=C[,run=C]]
           [--time-format FMT]
qc import CSV --analyzer NAME [--columns … --time-format FMT]
qc record --test T --lot L --level N VALUE [--run RUN] [--analyzer NAME]
qc evaluate --test T --lot L [--from DATE] [--to DATE]
qc chart --test T --lot L --out FILE.png [--from DATE] [--to DATE] [--level N]
qc status [--bench B]
qc corrective --test T --action TEXT
qc lookback --test T [--run RUN]
qc review ORDER_ID --outcome stands|amended|retested [--note TEXT] [--run RUN]
qc override --test T --reason TEXT</source>
        <translation>qc lot add --test T --lot C --level N [--mean M --sd S]
           [--material NAME] [--expires DATUM]
qc lot pattern --test T --lot C --level N MUSTER
qc lots [--test T]
qc targets --test T --lot C --level N --mean M --sd S
qc rules --test T [--rules 1-2s,1-3s,2-2s,R-4s,4-1s,10x]
qc analyzer NAME [--columns test=S,lot=S,level=S,value=S,time=S[,run=S]]
           [--time-format FMT]
qc import CSV --analyzer NAME [--columns … --time-format FMT]
qc record --test T --lot C --level N WERT [--run LAUF] [--analyzer NAME]
qc evaluate --test T --lot C [--from DATUM] [--to DATUM]
qc chart --test T --lot C --out DATEI.png [--from DATUM] [--to DATUM] [--level N]
qc status [--bench A]
qc corrective --test T --action TEXT
qc lookback --test T [--run LAUF]
qc review AUFTRAG --outcome stands|amended|retested [--note TEXT] [--run LAUF]
qc override --test T --reason TEXT</translation>
    </message>
    <message>
        <source>Say --on or --off, not both.</source>
        <translation>--on oder --off angeben, nicht beides.</translation>
    </message>
    <message>
        <source>Give --limits or --widen, not both: limits of their own, or the reference range widened.</source>
        <translation>--limits oder --widen angeben, nicht beides: eigene Grenzen oder den erweiterten Referenzbereich.</translation>
    </message>
    <message>
        <source>--limits takes LOW,HIGH in the test&apos;s unit, e.g. 3.5,5.9.</source>
        <translation>--limits nimmt UNTEN,OBEN in der Einheit der Analyse, z. B. 3.5,5.9.</translation>
    </message>
    <message>
        <source>--widen takes a percentage of the reference range&apos;s width, e.g. 10.</source>
        <translation>--widen nimmt einen Prozentsatz der Breite des Referenzbereichs, z. B. 10.</translation>
    </message>
    <message>
        <source>--delta takes the largest change it releases, in the test&apos;s unit.</source>
        <translation>--delta nimmt die größte Änderung, die noch freigegeben wird, in der Einheit der Analyse.</translation>
    </message>
    <message>
        <source>--qc-max-age takes hours, e.g. 24.</source>
        <translation>--qc-max-age nimmt Stunden, z. B. 24.</translation>
    </message>
    <message>
        <source>what to do (rules, set, try) and a test</source>
        <translation>was zu tun ist (rules, set, try) und eine Analyse</translation>
    </message>
    <message>
        <source>set from the command line, without a reason given</source>
        <translation>über die Kommandozeile gesetzt, ohne angegebene Begründung</translation>
    </message>
    <message>
        <source>--days takes a number of days above 0.</source>
        <translation>--days nimmt eine Anzahl Tage über 0.</translation>
    </message>
    <message>
        <source>%1 analyzer results of %2 in %3 days: the proposed rules would release %4 and hold %5; %6 decided differently from the rules in force.</source>
        <translation>%1 Geräteergebnisse von %2 in %3 Tagen: die vorgeschlagenen Regeln würden %4 freigeben und %5 zurückhalten; %6 anders entschieden als nach den geltenden Regeln.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an autoverify command; use rules, set or try.</source>
        <translation>„%1“ ist kein autoverify-Befehl; rules, set oder try verwenden.</translation>
    </message>
    <message>
        <source>the rules that release analyzer results without a person (supervisors), and what proposed rules would have done with the last days&apos; results</source>
        <translation>die Regeln, die Geräteergebnisse ohne einen Menschen freigeben (Laborleitung), und was vorgeschlagene Regeln mit den Ergebnissen der letzten Tage getan hätten</translation>
    </message>
    <message>
        <source>--hil takes the highest hemolysis, lipemia and icterus index released, e.g. 50,100,20, with - for no limit: 50,-,-.</source>
        <translation>--hil nimmt den höchsten freigegebenen Hämolyse-, Lipämie- und Ikterusindex, z. B. 50,100,20, mit - für keine Grenze: 50,-,-.</translation>
    </message>
    <message>
        <source>--hil: &quot;%1&quot; is neither an index nor - for no limit.</source>
        <translation>--hil: „%1“ ist weder ein Index noch - für keine Grenze.</translation>
    </message>
    <message>
        <source>autoverify rules TEST | autoverify set TEST --on|--off [--limits LOW,HIGH | --widen PERCENT]
           [--delta VALUE] [--qc-max-age HOURS] [--hil H,L,I] [--reason TEXT]
      | autoverify try TEST [--days N] [the same options as set]</source>
        <translation>autoverify rules TEST | autoverify set TEST --on|--off [--limits UNTEN,OBEN | --widen PROZENT]
           [--delta WERT] [--qc-max-age STUNDEN] [--hil H,L,I] [--reason TEXT]
      | autoverify try TEST [--days N] [dieselben Optionen wie set]</translation>
    </message>
    <message>
        <source>%1 is marked for manual review: autoverification releases none of its results.</source>
        <translation>%1 ist zur manuellen Prüfung markiert: Die Autovalidierung gibt keines seiner Ergebnisse frei.</translation>
    </message>
    <message>
        <source>%1 is no longer marked for manual review.</source>
        <translation>%1 ist nicht mehr zur manuellen Prüfung markiert.</translation>
    </message>
    <message>
        <source>review [ACCESSION] | review resolve ACCESSION --note TEXT
      | review mark|clear ACCESSION --reason TEXT</source>
        <translation>review [EINGANGSNR] | review resolve EINGANGSNR --note TEXT
      | review mark|clear EINGANGSNR --reason TEXT</translation>
    </message>
    <message>
        <source>conflicts between stations that a person must decide; a specimen&apos;s results held for a person, not autoverified</source>
        <translation>Konflikte zwischen Stationen, über die ein Mensch entscheiden muss; die Ergebnisse einer Probe für einen Menschen zurückhalten, statt sie autovalidieren zu lassen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Creating the demo database…</source>
        <translation>Die Demodatenbank wird angelegt…</translation>
    </message>
    <message>
        <source>Benchside demo</source>
        <translation>Benchside-Demo</translation>
    </message>
    <message>
        <source>Benchside cannot start</source>
        <translation>Benchside kann nicht starten</translation>
    </message>
    <message>
        <source>cannot create a temporary folder</source>
        <translation>Es kann kein temporärer Ordner angelegt werden</translation>
    </message>
    <message>
        <source>the demo catalogue is not in the executable</source>
        <translation>Der Demokatalog ist nicht im Programm enthalten</translation>
    </message>
    <message>
        <source>the %1 page could not be drawn</source>
        <translation>Die Seite %1 konnte nicht gezeichnet werden</translation>
    </message>
    <message>
        <source>Benchside: specimen receiving, accessioning and chain of custody.</source>
        <translation>Benchside: Probeneingang, Probenerfassung und Verwahrkette.</translation>
    </message>
    <message>
        <source>Open the demo database (training data; created on first use).</source>
        <translation>Die Demodatenbank öffnen (Übungsdaten; wird bei der ersten Verwendung angelegt).</translation>
    </message>
    <message>
        <source>Open the station database at &lt;path&gt;.</source>
        <translation>Die Stationsdatenbank unter &lt;pfad&gt; öffnen.</translation>
    </message>
    <message>
        <source>path</source>
        <translation>pfad</translation>
    </message>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; (PNG) and quit.</source>
        <translation>Ein Bild des Hauptfensters in &lt;datei&gt; (PNG) speichern und beenden.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>datei</translation>
    </message>
    <message>
        <source>Open on &lt;page&gt;: %1.</source>
        <translation>Auf &lt;seite&gt; öffnen: %1.</translation>
    </message>
    <message>
        <source>page</source>
        <translation>seite</translation>
    </message>
    <message>
        <source>Check this installation on a temporary station (no window needs to be seen; use QT_QPA_PLATFORM=offscreen) and quit.</source>
        <translation>Diese Installation an einer temporären Station prüfen (kein Fenster muss sichtbar sein; QT_QPA_PLATFORM=offscreen verwenden) und beenden.</translation>
    </message>
    <message>
        <source>--demo and --db cannot be used together: the demo has its own database.</source>
        <translation>--demo und --db können nicht zusammen verwendet werden: Die Demo hat ihre eigene Datenbank.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a page: use %2.</source>
        <translation>„%1“ ist keine Seite: %2 verwenden.</translation>
    </message>
    <message>
        <source>The demo database could not be created: %1</source>
        <translation>Die Demodatenbank konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Benchside</source>
        <translation>Benchside</translation>
    </message>
    <message>
        <source>Background sync is off: %1</source>
        <translation>Die Hintergrundsynchronisation ist aus: %1</translation>
    </message>
    <message>
        <source>the sign-in screen could not be drawn</source>
        <translation>der Anmeldebildschirm konnte nicht gezeichnet werden</translation>
    </message>
    <message>
        <source>On the demo only: start signed in as &lt;user&gt;, for screenshots and training.</source>
        <translation>Nur in der Demo: angemeldet als &lt;Benutzer&gt; starten, für Bildschirmfotos und Schulung.</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>--as works on the demo only: on a station, people sign in with their own password or badge.</source>
        <translation>--as gilt nur in der Demo: An einer Station meldet sich jeder mit dem eigenen Passwort oder Ausweis an.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user of the demo.</source>
        <translation>„%1“ ist kein Benutzer der Demo.</translation>
    </message>
    <message>
        <source>Play the video &lt;file&gt; in place of the camera, over and over (for demonstrations and training).</source>
        <translation>Das Video &lt;datei&gt; anstelle der Kamera immer wieder abspielen (für Vorführungen und Schulung).</translation>
    </message>
    <message>
        <source>The video file %1 cannot be read.</source>
        <translation>Die Videodatei %1 kann nicht gelesen werden.</translation>
    </message>
</context>
</TS>
