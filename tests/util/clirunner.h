// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs the real benchside-cli (env BENCHSIDE_CLI, set by CTest) on a test's database, with HOME
// and the settings folder inside the test's temporary folder, and collects what it printed.

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QStringList>

namespace testlab {

struct CliRun
{
    int exit = -1; // -1: did not start, did not finish in time, or crashed
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

inline QString cliPath()
{
    const QString fromEnv = qEnvironmentVariable("BENCHSIDE_CLI");
    return fromEnv.isEmpty()
               ? QCoreApplication::applicationDirPath() + QStringLiteral("/../app/benchside-cli")
               : fromEnv;
}

// `input` is written to the command's standard input, which is then closed.
inline CliRun runCli(const QString &cli, const QString &database, const QString &home,
                     const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(home).filePath(QStringLiteral("config")));
    p.setProcessEnvironment(env);
    p.start(cli, QStringList{QStringLiteral("--db"), database} + args);
    CliRun r;
    if (!p.waitForStarted())
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60'000))
        return r;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

// SIGTERM, as a service manager stops a `serve` process, then SIGKILL if it hangs; the exit code,
// -1 for a crash or a hang.
inline int stopProcess(QProcess &p)
{
    if (p.state() != QProcess::NotRunning) {
        p.terminate();
        if (!p.waitForFinished(10'000)) {
            p.kill();
            p.waitForFinished(10'000);
            return -1;
        }
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace testlab
