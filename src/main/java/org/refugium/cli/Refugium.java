package org.refugium.cli;
public class Refugium { public static void main(String[] a) { System.out.println("hi"); } }
