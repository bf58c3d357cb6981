// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "invocation.h"
#include "lab/lab.h"

#include <QJsonValue>
#include <QTextStream>
#include <memory>

namespace benchside::cli {

// What every command works with: the parsed command line, the output streams, and the station's
// Lab once it is open. The steps that can end a command (fail, openLab, resolveActor,
// needPositional) return Ok or the exit code, and have then already said why on stderr.
class CommandContext
{
public:
    CommandContext(const Invocation &inv, QTextStream &out, QTextStream &err);

    const Invocation &invocation() const { return m_inv; }
    QTextStream &out() { return m_out; }

    // One "benchside-cli: …" line on stderr.
    void note(const QString &message);
    // Notes the message and returns code: "return ctx.fail(BadInput, …);".
    int fail(int code, const QString &message);
    void printJson(const QJsonValue &v);

    int openLab();
    Lab &lab() { return *m_lab; } // once openLab() succeeded: run() sees to it for Needs::OpenLab
    // The user the command records its events for (--as, or the station's default). Needs the Lab.
    int resolveActor();
    const QString &actor() const { return m_actor; }

    QString positional(int i) const { return m_inv.positional.value(i); }
    // Exactly count positional arguments; what names the missing one ("an accession number").
    int needPositional(int count, const QString &what);

private:
    const Invocation &m_inv;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Lab> m_lab;
    QString m_actor;
};

} // namespace benchside::cli
