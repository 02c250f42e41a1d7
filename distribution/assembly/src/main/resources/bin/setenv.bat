@echo off
rem Called by bin\karaf.bat. Position Sync: the heap of this Karaf; see bin/setenv for the sizing.
rem Override for one start: set JAVA_MAX_MEM=2g
if "%JAVA_MIN_MEM%" == "" set JAVA_MIN_MEM=256m
if "%JAVA_MAX_MEM%" == "" set JAVA_MAX_MEM=1g
echo " %EXTRA_JAVA_OPTS% " | findstr /C:" -Xmx" >nul || set EXTRA_JAVA_OPTS=-Xms%JAVA_MIN_MEM% -Xmx%JAVA_MAX_MEM% %EXTRA_JAVA_OPTS%
