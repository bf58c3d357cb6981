// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "lab/lab.h"

#include <QTemporaryDir>
#include <QTest>

// A station database in a temporary folder, removed with the object.
class TestDatabase
{
public:
    explicit TestDatabase(const QString &station = QStringLiteral("TST"))
    {
        m_path = m_dir.filePath(QStringLiteral("lab.db"));
        benchside::Station s{station, QStringLiteral("MAIN"), QStringLiteral("Main Lab / Receiving"),
                             QStringLiteral("admin"), false};
        const benchside::Status created = benchside::Lab::initialise(m_path, s);
        if (!created)
            qFatal("cannot create test database: %s", qPrintable(created.error()));
    }

    const QString &path() const { return m_path; }
    QString dir() const { return m_dir.path(); }

    std::unique_ptr<benchside::Lab> open() const
    {
        auto lab = benchside::Lab::open(m_path);
        if (!lab)
            qFatal("cannot open test database: %s", qPrintable(lab.error()));
        return std::move(lab.value());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};
