#pragma once

#include <QMainWindow>

class QComboBox;
class QListWidget;
class QStackedWidget;

namespace benchside {

class Lab;
class ReceivingPage;
class Settings;
class SpecimenPage;

// Wires the pages together: navigation, shortcuts, the status bar and the scanner. What a scan
// means is decided by the page it lands on and, below that, by the one scan path in models/.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page { Receiving, Specimen };

    MainWindow(Lab &lab, const Settings &settings, QWidget *parent = nullptr);

    QString actor() const;
    void showPage(Page page);

private:
    void createActions();
    void createStatusBar();
    void onScanned(const QString &code);
    void onIncompleteScan(const QString &code);
    void lookUp(const QString &code);
    void findSpecimen();
    void newAccession(const QString &barcode);
    void openSpecimen(const QString &accession);
    void setActor(const QString &actor);

    Lab &m_lab;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    ReceivingPage *m_receiving;
    SpecimenPage *m_specimen;
    QComboBox *m_actor = nullptr;
};

} // namespace benchside
