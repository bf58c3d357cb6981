// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandcontext.h"

#include "settings/settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace benchside::cli {

CommandContext::CommandContext(const Invocation &inv, QTextStream &out, QTextStream &err)
    : m_inv(inv), m_out(out), m_err(err)
{}

void CommandContext::note(const QString &message)
{
    m_err << "benchside-cli: " << message << '\n';
}

int CommandContext::fail(int code, const QString &message)
{
    note(message);
    m_err.flush();
    return code;
}

void CommandContext::printJson(const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    m_out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

int CommandContext::openLab()
{
    Result<std::unique_ptr<Lab>> lab = Lab::open(m_inv.db);
    if (!lab)
        return fail(BadInput, lab.error());
    m_lab = std::move(lab.value());
    Settings settings;
    m_lab->scanner().setDuplicateWindowMs(settings.duplicateWindowMs());
    return Ok;
}

int CommandContext::resolveActor()
{
    Result<QString> actor = m_lab->actor(m_inv.as);
    if (!actor)
        return fail(BadInput, actor.error());
    m_actor = actor.value();
    return Ok;
}

int CommandContext::needPositional(int count, const QString &what)
{
    if (m_inv.positional.size() < count)
        return fail(BadInput, cli::tr("%1 needs %2.").arg(m_inv.command, what));
    if (m_inv.positional.size() > count)
        return fail(BadInput, cli::tr("Unexpected argument \"%1\".").arg(m_inv.positional.at(count)));
    return Ok;
}

} // namespace benchside::cli
