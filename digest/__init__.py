"""The digest stage (select, render, approve, deliver) arrives with the digest issue."""
