// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "custody/custodyrules.h"
#include "custody/custodyservice.h"
#include "specimen/specimen.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace benchside {

class Lab;

// Asks for what one custody step needs (a storage place, a rejection reason, a number of
// aliquots…) and records it. A step the rules refuse keeps the dialog open with the rules'
// message, so nothing the technician typed is lost and nothing is recorded.
class CustodyStepDialog : public QDialog
{
    Q_OBJECT
public:
    CustodyStepDialog(Lab &lab, const Specimen &specimen, CustodyKind kind, const QString &actor,
                      QWidget *parent = nullptr);

    // Receiving, centrifuging and retrieving need nothing but the click: they have no dialog.
    static bool needsDialog(CustodyKind kind);
    // The button text of a step, with its mnemonic ("&Store…").
    static QString actionText(CustodyKind kind);

    CustodyKind kind() const { return m_kind; }
    CustodyRules::Step step() const;
    const std::optional<CustodyService::Recorded> &recorded() const { return m_recorded; }

public slots:
    void accept() override;

private:
    QComboBox *locationCombo(const QStringList &kinds, const QString &preset);
    QString benchLocationFor(const QStringList &locations) const;

    Lab &m_lab;
    Specimen m_specimen;
    CustodyKind m_kind;
    QString m_actor;
    QComboBox *m_location = nullptr;
    QLineEdit *m_well = nullptr;
    QSpinBox *m_aliquots = nullptr;
    QComboBox *m_reasonCode = nullptr;
    QLineEdit *m_reason = nullptr;
    QComboBox *m_status = nullptr;
    QLabel *m_message = nullptr;
    std::optional<CustodyService::Recorded> m_recorded;
};

} // namespace benchside
