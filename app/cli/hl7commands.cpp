#include "hl7commands.h"

#include "commandcontext.h"
#include "hl7/hl7message.h"
#include "hl7/mllpframer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

// hl7 parse FILE: the segments and fields of a message as Benchside reads it, from a file saved by
// an interface engine or a capture (with or without its MLLP framing bytes).
int parse(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an HL7 message file")); e != Ok)
        return e;
    QFile file(ctx.positional(1));
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(BadInput, tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QByteArray bytes = file.readAll();
    if (bytes.contains(MllpFramer::StartBlock)) {
        MllpFramer framer;
        const QList<MllpFramer::Frame> frames = framer.feed(bytes);
        if (frames.isEmpty() || frames.first().kind != MllpFramer::Frame::Kind::Message)
            return ctx.fail(BadInput, tr("%1 starts an MLLP frame but holds no complete message (0x1C 0x0D "
                                         "missing, or over 1 MiB).")
                                          .arg(file.fileName()));
        bytes = frames.first().payload;
    }
    Result<Hl7Message> m = Hl7Message::parse(bytes);
    if (!m)
        return ctx.fail(BadInput, tr("%1: %2").arg(file.fileName(), m.error()));
    if (ctx.invocation().json) {
        QJsonArray segments;
        for (const Hl7Message::Segment &s : m.value().segments())
            segments.append(
                QJsonObject{{QStringLiteral("name"), s.name},
                            {QStringLiteral("fields"), QJsonArray::fromStringList(s.fields.mid(1))}});
        ctx.printJson(
            QJsonObject{{QStringLiteral("segments"), segments},
                        {QStringLiteral("charset"), m.value().charset()},
                        {QStringLiteral("warnings"), QJsonArray::fromStringList(m.value().warnings())}});
        return Ok;
    }
    QTextStream &out = ctx.out();
    for (const QString &w : m.value().warnings())
        ctx.note(w);
    for (const Hl7Message::Segment &s : m.value().segments()) {
        out << s.name << '\n';
        for (qsizetype i = 1; i < s.fields.size(); ++i) {
            if (!s.fields.at(i).isEmpty())
                out << "  " << QStringLiteral("%1-%2").arg(s.name).arg(i).leftJustified(9) << s.fields.at(i)
                    << '\n';
        }
    }
    return Ok;
}

int hl7(CommandContext &ctx)
{
    if (ctx.invocation().positional.isEmpty())
        return ctx.needPositional(1, tr("what to do (parse)"));
    if (ctx.positional(0) == QLatin1String("parse"))
        return parse(ctx);
    return ctx.fail(BadInput,
                    tr("\"%1\" is not an hl7 command; use: hl7 parse FILE.").arg(ctx.positional(0)));
}

} // namespace

const QList<Command> &hl7Commands()
{
    static const QList<Command> commands{
        {"hl7", Command::Needs::DatabasePath, hl7, QT_TRANSLATE_NOOP("benchside::cli", "hl7 parse FILE"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "the segments and fields of an HL7 v2 message, as Benchside reads it")},
    };
    return commands;
}

} // namespace benchside::cli
