<#
.SYNOPSIS
  Installs or upgrades LocalPayGateway as a Windows service (docs: going-live.md). Run as administrator from the
  unpacked package. Windows PowerShell 5.1 or PowerShell 7.

.DESCRIPTION
  Fresh install: copies app\ to -InstallDir, creates the LocalPayGateway service (delayed automatic start, virtual
  account NT SERVICE\LocalPayGateway, recovery: restart after 5 s, 5 s, 60 s, reset after a day, failure flag), the
  data folder -DataDir with the settings folder inside it, readable only by that account, SYSTEM and Administrators,
  the Event Log source, a firewall rule only when a LAN listener is configured, and starts it.
  Upgrade (-InstallDir holds Gateway.exe): stops the service, keeps the previous program in <InstallDir>.previous,
  copies the new one, starts, waits for /health/ready (for /health/live when it was not ready before either) and rolls
  back to the previous program when that does not come within -ReadyTimeoutSeconds. Data and settings are not touched.
  -WhatIf prints every command it would run and runs none.

.EXAMPLE
  .\install.ps1 -ModuleFolder 'C:\Kassir\WebMoney'
.EXAMPLE
  .\install.ps1 -DisplayUrls 'http://0.0.0.0:5081' -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # The original module's folder: WebMoneySettings.txt, WebMoneyPaymentTypes.txt and <PosNumber>.pfx are copied
    # from it into the settings folder (files already there are kept).
    [string]$ModuleFolder,
    # Where the gateway listens (Urls), e.g. http://127.0.0.1:5080 (the default when not given).
    [string]$Urls,
    # The customer display's LAN listener (Gateway:DisplayUrls), e.g. http://0.0.0.0:5081.
    [string]$DisplayUrls,
    [string]$InstallDir,
    [string]$DataDir,
    [int]$ReadyTimeoutSeconds = 60
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'service-common.ps1')

if (-not $InstallDir) {
    $programFiles = if ($env:ProgramFiles) { $env:ProgramFiles } else { 'C:\Program Files' }
    $InstallDir = "$programFiles\$ServiceName"
}
if (-not $DataDir) {
    $programData = if ($env:ProgramData) { $env:ProgramData } else { 'C:\ProgramData' }
    $DataDir = "$programData\$ServiceName"
}
$SettingsDir = "$DataDir\settings"
$Exe = "$InstallDir\Gateway.exe"
$Previous = "$InstallDir.previous"
$Package = $PSScriptRoot
$Version = (Get-Content -LiteralPath (Join-Path $Package 'VERSION') -ErrorAction SilentlyContinue | Select-Object -First 1)

if (-not $WhatIfPreference -and (Test-WindowsHost)) {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw 'Запустите PowerShell от имени администратора / run PowerShell as administrator.'
    }
}
if (-not (Test-Path -LiteralPath (Join-Path (Join-Path $Package 'app') 'Gateway.exe'))) {
    throw "Нет app\Gateway.exe рядом с install.ps1 / no app\Gateway.exe beside install.ps1: run it from the unpacked package."
}

# The listeners: given now, else what the service was given before.
$environment = Get-ServiceEnvironment
$effectiveUrls = if ($Urls) { $Urls } else { $environment['Urls'] }
$effectiveDisplay = if ($DisplayUrls) { $DisplayUrls } else { $environment['Gateway__DisplayUrls'] }
$probe = Get-ProbeUrl $effectiveUrls
$lanPorts = @(@(ConvertTo-Uris $effectiveUrls) + @(ConvertTo-Uris $effectiveDisplay) |
    Where-Object { -not (Test-Loopback $_) } | ForEach-Object { $_.Port } | Sort-Object -Unique)
$binPath = "`"$Exe`" --Gateway:SettingsDirectory=`"$SettingsDir`" --Gateway:DataDirectory=`"$DataDir`""

function Copy-ProgramSteps {
    Invoke-Step "New-Item -ItemType Directory -Force -Path $(Format-Arg $InstallDir) | Out-Null"
    Invoke-Step "Copy-Item -Path $(Format-Arg "$Package\app\*") -Destination $(Format-Arg $InstallDir) -Recurse -Force"
    foreach ($f in @('VERSION', 'uninstall.ps1', 'service-common.ps1')) {
        Invoke-Step "Copy-Item -LiteralPath $(Format-Arg "$Package\$f") -Destination $(Format-Arg $InstallDir) -Force"
    }
}

function Set-ServiceSteps([bool]$Create) {
    if ($Create) {
        Invoke-Step "New-Service -Name $ServiceName -BinaryPathName $(Format-Arg $binPath) -DisplayName $ServiceName -StartupType Automatic | Out-Null"
    } else {
        Invoke-Step "Set-ItemProperty -Path $(Format-Arg $ServiceKey) -Name ImagePath -Value $(Format-Arg $binPath)"
    }
    Invoke-Step "sc.exe config $ServiceName start= delayed-auto obj= 'NT SERVICE\$ServiceName'"
    Invoke-Step "sc.exe description $ServiceName 'LocalPayGateway $($Version): QR payments through WebMoney for Kassir'"
    Invoke-Step "sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/60000"
    Invoke-Step "sc.exe failureflag $ServiceName 1"
    if ($Urls -or $DisplayUrls) {
        $lines = @()
        if ($effectiveUrls) { $lines += "Urls=$effectiveUrls" }
        if ($effectiveDisplay) { $lines += "Gateway__DisplayUrls=$effectiveDisplay" }
        $value = '@(' + (($lines | ForEach-Object { Format-Arg $_ }) -join ', ') + ')'
        Invoke-Step "New-ItemProperty -Path $(Format-Arg $ServiceKey) -Name Environment -PropertyType MultiString -Value $value -Force | Out-Null"
    }
}

function Set-FirewallSteps {
    if ((-not $Urls) -and (-not $DisplayUrls) -and $script:upgrade) { return }   # an upgrade keeps the listeners and their rule
    Remove-FirewallRuleStep
    if ($lanPorts.Count -gt 0) {
        Invoke-Step ("New-NetFirewallRule -Name $(Format-Arg $FirewallRuleName) -DisplayName 'LocalPayGateway (LAN)' -Direction Inbound " +
            "-Action Allow -Protocol TCP -LocalPort $($lanPorts -join ',') -Program $(Format-Arg $Exe) -Profile Domain,Private | Out-Null")
    }
}

function Copy-ModuleSteps {
    if (-not $ModuleFolder) { return }
    $settingsFile = Join-Path $ModuleFolder 'WebMoneySettings.txt'
    if (-not (Test-Path -LiteralPath $settingsFile)) { throw "Нет файла / missing: $settingsFile" }
    $pos = $null
    foreach ($line in (Get-Content -LiteralPath $settingsFile -Encoding UTF8)) {
        if ($line -match '^\s*PosNumber\s*=\s*(\S+)\s*$') { $pos = $Matches[1]; break }
    }
    if (-not $pos) { throw "В WebMoneySettings.txt нет PosNumber / no PosNumber in $settingsFile" }
    foreach ($f in @('WebMoneySettings.txt', 'WebMoneyPaymentTypes.txt', "$pos.pfx")) {
        $from = Join-Path $ModuleFolder $f
        if (-not (Test-Path -LiteralPath $from)) { throw "Нет файла / missing: $from" }
        if (Test-Path -LiteralPath "$SettingsDir\$f") {
            Write-Output "Оставлен имеющийся / kept the existing $SettingsDir\$f"
        } else {
            Invoke-Step "Copy-Item -LiteralPath $(Format-Arg $from) -Destination $(Format-Arg $SettingsDir)"
        }
    }
}

function Write-Address {
    Write-Output "Консоль администратора / admin console: $probe/admin"
    Write-Output "Данные / data: $DataDir   Настройки / settings: $SettingsDir"
}

$script:upgrade = Test-Path -LiteralPath $Exe
if ($script:upgrade) {
    Write-Output "LocalPayGateway $($Version): обновление / upgrade"
    if ($ModuleFolder) { Write-Output '-ModuleFolder: при обновлении настройки не меняются / ignored on an upgrade: settings are kept.' }
    $ModuleFolder = $null
    $waitFor = '/health/ready'
    if (-not $WhatIfPreference -and -not (Test-HttpOk "$probe/health/ready")) { $waitFor = '/health/live' }  # not ready before either
    Invoke-Step "Stop-Service -Name $ServiceName"
    if (Test-Path -LiteralPath $Previous) { Invoke-Step "Remove-Item -LiteralPath $(Format-Arg $Previous) -Recurse -Force" }
    Invoke-Step "Move-Item -LiteralPath $(Format-Arg $InstallDir) -Destination $(Format-Arg $Previous)"
    Copy-ProgramSteps
    Set-ServiceSteps $false
    Set-FirewallSteps
    Invoke-Step "Start-Service -Name $ServiceName"
    Write-Output "# wait until $probe$waitFor answers 200 (at most $ReadyTimeoutSeconds s), else roll back:"
    if ($WhatIfPreference) {
        Write-Output "#   > Stop-Service -Name $ServiceName"
        Write-Output "#   > Remove-Item -LiteralPath $(Format-Arg $InstallDir) -Recurse -Force"
        Write-Output "#   > Move-Item -LiteralPath $(Format-Arg $Previous) -Destination $(Format-Arg $InstallDir)"
        Write-Output "#   > Start-Service -Name $ServiceName"
        Write-Address
        return
    }
    if (Wait-Http "$probe$waitFor" $ReadyTimeoutSeconds) {
        Write-Output "Готово / done: $waitFor отвечает 200. Прежняя версия сохранена в / previous kept in $Previous"
        Write-Address
        return
    }
    Write-Output "Новая версия не ответила 200 на $waitFor за $ReadyTimeoutSeconds с: возврат к прежней / not ready: rolling back."
    Invoke-Step "Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue"
    Invoke-Step "Remove-Item -LiteralPath $(Format-Arg $InstallDir) -Recurse -Force"
    Invoke-Step "Move-Item -LiteralPath $(Format-Arg $Previous) -Destination $(Format-Arg $InstallDir)"
    Invoke-Step "Start-Service -Name $ServiceName"
    exit 1
}

Write-Output "LocalPayGateway $($Version): установка / fresh install"
Copy-ProgramSteps
Invoke-Step "New-Item -ItemType Directory -Force -Path $(Format-Arg $SettingsDir) | Out-Null"
Copy-ModuleSteps
Set-ServiceSteps (-not (Get-ServiceOrNull))
# The data and settings: SYSTEM, Administrators (by SID: the names are localized) and the service's account only.
Invoke-Step ("icacls $(Format-Arg $DataDir) /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' " +
    "'NT SERVICE\$($ServiceName):(OI)(CI)M' /T")
$sourceExists = $false
try { $sourceExists = [Diagnostics.EventLog]::SourceExists($ServiceName) } catch { $sourceExists = $false }
if (-not $sourceExists) { Invoke-Step "[Diagnostics.EventLog]::CreateEventSource('$ServiceName', 'Application')" }
Set-FirewallSteps
Invoke-Step "Start-Service -Name $ServiceName"
Write-Output "# wait until $probe/health/live answers 200 (at most $ReadyTimeoutSeconds s)"
if (-not $WhatIfPreference) {
    if (Wait-Http "$probe/health/live" $ReadyTimeoutSeconds) {
        if (Test-HttpOk "$probe/health/ready") { Write-Output 'Шлюз готов принимать платежи / ready.' }
        else { Write-Output "Шлюз работает, но не готов: положите три файла в $SettingsDir (см. going-live.md) / running, not ready yet." }
    } else {
        Write-Output 'Служба не ответила: см. журнал событий Windows (Application, LocalPayGateway) / the service did not answer.'
        exit 1
    }
}
Write-Address
