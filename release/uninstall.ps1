<#
.SYNOPSIS
  Removes the LocalPayGateway service, its program folder, firewall rule and Event Log source. The data (payment
  journal, history, logs) and the settings in -DataDir are kept unless -RemoveData. -WhatIf prints the commands only.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [switch]$RemoveData,
    [string]$InstallDir,
    [string]$DataDir
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
# Run from the program folder itself (uninstall.ps1 is copied there): work from a copy elsewhere is not needed, the
# folder is removed last and PowerShell has read the whole script by then.
$service = Get-ServiceOrNull
if ($WhatIfPreference -or $service) {
    Invoke-Step "Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue"
    Invoke-Step "sc.exe delete $ServiceName"
}
Remove-FirewallRuleStep -AssumeExists
$sourceExists = $WhatIfPreference
try { $sourceExists = [Diagnostics.EventLog]::SourceExists($ServiceName) } catch { }
if ($sourceExists) { Invoke-Step "[Diagnostics.EventLog]::DeleteEventSource('$ServiceName')" }
foreach ($dir in @("$InstallDir.previous", $InstallDir)) {
    if ($WhatIfPreference -or (Test-Path -LiteralPath $dir)) { Invoke-Step "Remove-Item -LiteralPath $(Format-Arg $dir) -Recurse -Force" }
}
if ($RemoveData) {
    Invoke-Step "Remove-Item -LiteralPath $(Format-Arg $DataDir) -Recurse -Force"
    Write-Output 'Удалено вместе с данными и настройками / removed with the data and settings.'
} else {
    Write-Output "Данные и настройки сохранены / data and settings kept: $DataDir"
}
