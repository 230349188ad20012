/*! iframe-worker 1.0.4 (helper) | MIT License | Copyright (c) 2020-2022 Martin Donath | https://github.com/squidfunk/iframe-worker
 * The set-up that upstream writes inline into the worker's iframe, as a file, so the site's
 * Content-Security-Policy needs no 'unsafe-inline'. Loaded by iframe-worker-shim.js on file:// only. */
"use strict";(()=>{var u=document.currentScript.getAttribute("data-worker");window.postMessage=function(s,n){parent.postMessage(s,n||"*")};window.importScripts=function(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())};addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:u,error}))})})();
