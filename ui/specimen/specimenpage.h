// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "custody/custodykind.h"
#include "specimen/specimen.h"

#include <QHash>
#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QStackedWidget;

namespace benchside {

class CustodyTimelineModel;
class Lab;
class ReviewBanner;

// One specimen: where the tube is now, whose it is, what was ordered, its chain of custody, and
// the custody steps that can be recorded for it. Finds specimens by scanned or typed number.
class SpecimenPage : public QWidget
{
    Q_OBJECT
public:
    explicit SpecimenPage(Lab &lab, QWidget *parent = nullptr);
    ~SpecimenPage() override;

    void setActor(const QString &actor);
    void showSpecimen(const QString &accession); // shows it, or a clear "not found" message
    // A specimen just accessioned: shown, its number large, with what to do next; a new number (no
    // pre-printed label) is offered for printing at once, since it is on no tube yet.
    void showAccessioned(const QString &accession, bool numberAssigned);
    void focusFind(); // ready for a typed or scanned accession number

    // The specimen on show (empty when none).
    QString currentAccession() const;
    // Rereads the specimen on show, e.g. after another page recorded something for it.
    void refresh();
    // Writes the custody report of the specimen on show; false (with the message shown) on failure.
    bool saveReport(const QString &path);
    // Opens the label dialog for these specimens (the one on show, or aliquots just made).
    void openLabels(const QStringList &accessions);
    // Marks the specimen on show for manual review (autoverification then releases none of its
    // results) or clears the mark, with the reason; false (with the message shown) when refused.
    bool setManualReview(bool marked, const QString &reason);

signals:
    void accessionRequested(const QString &barcode); // user asked to accession an unknown code
    void specimenChanged(const QString &accession);  // a custody step was recorded

private:
    enum class Tone { Info, Success, Warning, Error };

    QWidget *buildFindBar();
    QWidget *buildWhereHeader();
    QWidget *buildDetails();
    QWidget *buildActions();
    void findTyped();
    void display(const Specimen &specimen);
    void clearSpecimen();
    void updateActions();
    void runStep(CustodyKind kind);
    void stepRecorded(CustodyKind kind, const QStringList &aliquots);
    void askReportPath();
    void askManualReview();
    bool markedForReview() const { return m_specimen && m_specimen->manualReview; }
    void showMessage(Tone tone, const QString &text, Qt::TextFormat format = Qt::PlainText);
    void hideMessage();
    std::optional<QString> resolvedActor();
    void loadCatalogNames();
    QString userName(const QString &id) const;

    Lab &m_lab;
    QString m_actor;
    std::optional<Specimen> m_specimen;
    QString m_unknownCode;
    CustodyTimelineModel *m_timeline = nullptr;
    QHash<QString, QString> m_users, m_types, m_containers, m_benches;

    QLineEdit *m_find = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_accessionButton = nullptr;
    QWidget *m_messageBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    ReviewBanner *m_review = nullptr;

    QLabel *m_accession = nullptr;
    QLabel *m_priority = nullptr;
    QLabel *m_family = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_since = nullptr;

    QLabel *m_patientName = nullptr;
    QLabel *m_patientMrn = nullptr;
    QLabel *m_patientDob = nullptr;
    QLabel *m_patientSex = nullptr;
    QLabel *m_type = nullptr;
    QLabel *m_container = nullptr;
    QLabel *m_collected = nullptr;
    QLabel *m_accessioned = nullptr;
    QLabel *m_tests = nullptr;

    QTableView *m_timelineView = nullptr;
    QHash<CustodyKind, QPushButton *> m_stepButtons;
    QPushButton *m_reportButton = nullptr;
    QPushButton *m_labelButton = nullptr;
    QPushButton *m_manualReviewButton = nullptr;
    QLabel *m_manualReview = nullptr;
    QPushButton *m_aliquotLabelsButton = nullptr;
    QStringList m_newAliquots;
};

} // namespace benchside
